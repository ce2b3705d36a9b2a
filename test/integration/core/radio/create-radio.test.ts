import { afterEach, describe, expect, it } from 'vitest';
import { createRadio, createRadioInternals, type Radio } from '../../../../src-main/core/radio/create-radio.js';
import { encodeKioskAdvert } from '../../../../shared/protocol/kiosk-advert.js';
import { RadioConfigError } from '../../../../src-main/core/radio/radio-config.js';
import type { Sighting } from '../../../../shared/domain/types.js';

const clock = { now: () => Date.now(), synced: () => true };
let radio: Radio | null = null;

afterEach(async () => {
  await radio?.dispose();
  radio = null;
});

async function until(cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('createRadio (simulated)', () => {
  it('hears a rising number of Bluezone phones within seconds, Android and iPhone, without MACs', async () => {
    radio = await createRadio(
      { mode: 'simulated', ibeaconWakeup: false, gattConcurrency: 2, sim: { seed: 42, arrivalIntervalMs: 200, targetPresent: 12, iosFailureShare: 0 } },
      { clock },
    );
    const sightings: Sighting[] = [];
    radio.scanner.onSighting((s) => sightings.push(s));
    await radio.scanner.start();
    await until(() => new Set(sightings.filter((s) => s.protocol !== 'gaen').map((s) => s.id)).size >= 6);
    expect(radio.scanner.status().state).toBe('scanning');
    const protocols = new Set(sightings.map((s) => s.protocol));
    expect(protocols.has('bluezone_android')).toBe(true);
    await until(() => sightings.some((s) => s.protocol === 'bluezone_ios'));
    for (const s of sightings) {
      expect(Object.keys(s).sort()).toEqual(['at', 'id', 'protocol', 'rssi', 'trusted']);
      expect(s.id).toMatch(s.protocol === 'gaen' ? /^[0-9A-F]{32}$/ : /^[0-9A-F]{24}$/);
      expect(s.rssi).toBeLessThan(0);
      expect(s.trusted).toBe(true);
    }
    expect(radio.scanner.stats().adverts).toBeGreaterThan(0);
  });

  it("leaves signal handling to the composition root (noble/bleno's exit-on-SIGINT removed)", async () => {
    const r = await createRadioInternals({ mode: 'simulated', ibeaconWakeup: false, gattConcurrency: 1, sim: { targetPresent: 0 } }, { clock });
    radio = r;
    await r.beacon.start();
    await r.scanner.start();
    await r.beacon.setId(new Uint8Array(12));
    await until(() => r.scanner.status().state === 'scanning' && r.beacon.status().state === 'scanning');
    expect(process.listeners('SIGINT').filter((l) => l.name === 'bound onSigInt')).toEqual([]);
  });

  it('advertises the ID it is given through bleno, and stops on null', async () => {
    const r = await createRadioInternals({ mode: 'simulated', ibeaconWakeup: false, gattConcurrency: 1, sim: { targetPresent: 0 } }, { clock });
    radio = r;
    await r.beacon.start();
    await r.beacon.setId(Uint8Array.from({ length: 12 }, (_, i) => i));
    await until(() => r.beaconController!.advertising.enabled && r.beaconController!.advertising.data.length === 31);
    // Bluezone's Android layout, then the kiosk marker (service data 0x4E56, 4 bytes).
    const id = Uint8Array.from({ length: 12 }, (_, i) => i);
    expect(Buffer.from(r.beaconController!.advertising.data).toString('hex')).toBe(Buffer.from(encodeKioskAdvert(id)).toString('hex'));
    expect(Buffer.from(r.beaconController!.advertising.data).toString('hex').startsWith('0201060303564e0fffb522000102030405060708090a0b0716564e')).toBe(true);
    await r.beacon.setId(null);
    await until(() => !r.beaconController!.advertising.enabled);
    expect(r.beacon.status()).toEqual({ state: 'stopped', detail: 'no_id' });
  });

  it('rejects an invalid config with every problem named', async () => {
    await expect(
      createRadio({ mode: 'replay', ibeaconWakeup: false, gattConcurrency: 9, sim: { iosShare: 2 } }, { clock }),
    ).rejects.toSatisfy((e: unknown) => {
      const problems = (e as RadioConfigError).problems.join('\n');
      return e instanceof RadioConfigError && /replayFile/.test(problems) && /gattConcurrency/.test(problems) && /iosShare/.test(problems);
    });
  });
});

describe('createRadio dispose', () => {
  it('leaves nothing running: a process that disposes its radio exits by itself', async () => {
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const entry = fileURLToPath(new URL('../../../../src-main/core/radio/create-radio.ts', import.meta.url));
    const script = `
      const { createRadioInternals } = await import(${JSON.stringify(entry)});
      const clock = { now: () => Date.now(), synced: () => true };
      const radio = await createRadioInternals({ mode: 'simulated', ibeaconWakeup: true, gattConcurrency: 2, sim: { seed: 5, arrivalIntervalMs: 50 } }, { clock });
      await radio.beacon.start();
      await radio.scanner.start();
      await radio.beacon.setId(new Uint8Array(12));
      await new Promise((r) => setTimeout(r, 1000));
      await radio.dispose();
      console.log('disposed', radio.scanner.stats().adverts > 0);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('exit', (c) => {
        clearTimeout(kill);
        resolve(c);
      });
    });
    expect(out).toContain('disposed true');
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(12_000);
  });
});
