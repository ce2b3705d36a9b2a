import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRecord } from '../../../../src-main/core/radio/commands/run-record.js';
import { createRadioInternals } from '../../../../src-main/core/radio/create-radio.js';
import { loadCapture } from '../../../../src-main/core/radio/capture/replay-driver.js';
import { parseCaptureLine } from '../../../../src-main/core/radio/capture/capture-lines.js';
import type { Sighting } from '../../../../shared/domain/types.js';
import { clock, until } from './radio-test-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'bz-capture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('record and replay', () => {
  it('records the simulated venue with pseudonymous addresses and replays it to the same IDs', async () => {
    const file = join(dir, 'venue.jsonl');
    const live: Sighting[] = [];
    const summary = await runRecord({
      radio: { mode: 'simulated', ibeaconWakeup: false, gattConcurrency: 2, sim: { seed: 3, arrivalIntervalMs: 50, targetPresent: 12, iosShare: 0.5, gaenShare: 0, iosFailureShare: 0 } },
      outFile: file,
      durationMs: 2000,
      clock,
    });
    expect(summary.adverts).toBeGreaterThan(20);
    expect(summary.gattReads, 'iPhones read over GATT while recording').toBeGreaterThan(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const parsed = lines.map((l) => parseCaptureLine(l));
    expect(parsed.every((p) => p.ok)).toBe(true);
    expect(parsed[0]).toMatchObject({ ok: true, line: { type: 'header', version: 1, source: 'simulated' } });
    const capture = loadCapture(readFileSync(file, 'utf8'));
    const recordedIds = new Set<string>();
    for (const a of capture.adverts) {
      const m = /0FFFB522([0-9A-F]{24})/.exec(a.data);
      if (m) recordedIds.add(m[1]!);
    }
    for (const v of capture.gattValues.values()) recordedIds.add(Buffer.from(v).toString('hex').toUpperCase());

    const radio = await createRadioInternals({ mode: 'replay', replayFile: file, replaySpeed: 4, ibeaconWakeup: false, gattConcurrency: 2 }, { clock });
    radio.scanner.onSighting((s) => live.push(s));
    try {
      await radio.scanner.start();
      await radio.replay!.done;
      await until(() => radio.scanner.gattLoad().active === 0 && radio.scanner.gattLoad().queued === 0, 3000);
      const replayedIds = new Set(live.filter((s) => s.protocol !== 'gaen').map((s) => s.id));
      expect(replayedIds.size, 'IDs heard on replay').toBeGreaterThan(0);
      for (const id of replayedIds) expect(recordedIds.has(id)).toBe(true);
      expect(radio.replay!.delivered).toBe(capture.adverts.length);
    } finally {
      await radio.dispose();
    }
  });

  it('refuses to overwrite an existing capture', async () => {
    const file = join(dir, 'exists.jsonl');
    writeFileSync(file, 'keep me');
    await expect(runRecord({ radio: { mode: 'simulated', ibeaconWakeup: false, gattConcurrency: 1 }, outFile: file, durationMs: 10, clock })).rejects.toMatchObject({ code: 'record_open_failed' });
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('skips bad lines with their line numbers and refuses a file without header', () => {
    const header = '{"type":"header","format":"bluezone-radio-capture","version":1,"started_at":0,"source":"hci0"}';
    const good = '{"type":"advert","t":5,"address":"c0:00:00:00:00:01","address_type":"random","event_type":0,"rssi":-60,"data":"020106"}';
    const c = loadCapture([header, good, '{nope', '{"type":"advert","t":-1}', '{"type":"advert","t":1,"address":"c0:00:00:00:00:01","address_type":"random","event_type":0,"rssi":-60,"data":"' + '00'.repeat(40) + '"}', '[]', '{"type":"x"}'].join('\n'));
    expect(c.adverts).toHaveLength(1);
    expect(c.badLines).toEqual([
      { line: 3, reason: 'capture_bad_json' },
      { line: 4, reason: 'capture_bad_advert' },
      { line: 5, reason: 'capture_bad_advert_data' },
      { line: 6, reason: 'capture_unknown_type' },
      { line: 7, reason: 'capture_unknown_type' },
    ]);
    expect(() => loadCapture(good)).toThrow(/capture_missing_header/);
  });
});
