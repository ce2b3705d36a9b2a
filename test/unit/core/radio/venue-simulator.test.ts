import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src-main/core/clock/fake-clock.js';
import type { AirAdvert, VirtualPeer } from '../../../../src-main/core/radio/hci/virtual-hci-controller.js';
import { DEFAULT_SIM_CONFIG, type SimConfig } from '../../../../src-main/core/radio/sim/sim-config.js';
import { VenueSimulator, rssiAt, type VenueAir } from '../../../../src-main/core/radio/sim/venue-simulator.js';
import { classifyAdvertBytes } from '../../../../shared/protocol/advert-classifier.js';
import { slotOf, slotStart } from '../../../../shared/domain/slots.js';
import { toHex } from '../../../../shared/hex.js';

class RecordingAir implements VenueAir {
  readonly adverts: AirAdvert[] = [];
  readonly peers = new Map<string, VirtualPeer>();
  receive(a: AirAdvert) {
    this.adverts.push(a);
    return true;
  }
  receiveConnectable(address: string, addressType: 'public' | 'random', data: Uint8Array, rssi: number) {
    return this.receive({ address, addressType, eventType: 0, data, rssi });
  }
  addPeer(p: VirtualPeer) {
    this.peers.set(p.address, p);
  }
  removePeer(address: string) {
    this.peers.delete(address);
  }
  androidIds(): Set<string> {
    const ids = new Set<string>();
    for (const a of this.adverts) {
      const c = classifyAdvertBytes(a.data);
      if (c.kind === 'bluezone_android') ids.add(toHex(c.id));
    }
    return ids;
  }
}

const CONFIG: SimConfig = { ...DEFAULT_SIM_CONFIG, seed: 11, targetPresent: 10, arrivalIntervalMs: 100, noisePerSecond: 50, dwellMs: [3_600_000, 3_600_000] };

function run(config: SimConfig, start: number) {
  const clock = new FakeClock(start);
  const air = new RecordingAir();
  const sim = new VenueSimulator(air, config, clock);
  return { clock, air, sim, step: async (ms: number) => { for (let t = 0; t < ms; t += 50) { await clock.advance(50); sim.tick(); } } };
}

describe('VenueSimulator', () => {
  it('fills the venue to its target with Android, iOS and GAEN phones plus noise', async () => {
    const { air, sim, step } = run(CONFIG, Date.UTC(2026, 10, 23, 8, 1));
    await step(3000);
    const snap = sim.snapshot();
    expect(snap.present.android + snap.present.ios + snap.present.gaen).toBe(10);
    const kinds = new Set(air.adverts.map((a) => classifyAdvertBytes(a.data).kind));
    expect(kinds.has('bluezone_android')).toBe(true);
    expect(kinds.has('noise')).toBe(true);
    expect(air.peers.size).toBe(snap.present.ios);
  });

  it('rotates phone IDs exactly at the UTC quarter-hour, as real phones do', async () => {
    const boundary = slotStart(slotOf(Date.UTC(2026, 10, 23, 8, 10)) + 1);
    const { air, step } = run({ ...CONFIG, androidOffMs: 0 }, boundary - 5000);
    await step(4900);
    const before = air.androidIds();
    await step(100); // up to the boundary itself
    air.adverts.length = 0;
    await step(4000);
    const after = air.androidIds();
    expect(before.size).toBeGreaterThan(0);
    expect(after.size).toBe(before.size);
    expect([...after].filter((id) => before.has(id))).toEqual([]);
    // iPhones answer GATT reads with the new slot's ID too.
    for (const peer of air.peers.values()) expect(peer.gatt!.read()).toHaveLength(12);
  });

  it('runs the Android 15 s on / 15 s off cycle with a new address per on-period', async () => {
    const config: SimConfig = { ...CONFIG, targetPresent: 1, gaenShare: 0, iosShare: 0, noisePerSecond: 0 };
    const { air, step } = run(config, Date.UTC(2026, 10, 23, 8, 1));
    const heardAt: number[] = [];
    let t = 0;
    const origReceive = air.receive.bind(air);
    air.receive = (a) => {
      heardAt.push(t);
      return origReceive(a);
    };
    for (t = 0; t < 60_000; t += 50) await step(50);
    // Silent stretches of ~15 s between bursts, and one address per burst.
    const gaps = heardAt.slice(1).map((x, i) => x - heardAt[i]!).filter((g) => g > 10_000);
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(14_000);
    expect(new Set(air.adverts.map((a) => a.address)).size).toBe(gaps.length + 1);
    expect(air.androidIds().size).toBe(1);
  });

  it('is reproducible with a seed', async () => {
    const t = Date.UTC(2026, 10, 23, 8, 3);
    const a = run(CONFIG, t);
    const b = run(CONFIG, t);
    await a.step(2000);
    await b.step(2000);
    expect(a.air.adverts.map((x) => toHex(x.data) + x.rssi)).toEqual(b.air.adverts.map((x) => toHex(x.data) + x.rssi));
    const c = run({ ...CONFIG, seed: 12 }, t);
    await c.step(2000);
    expect(c.air.adverts.map((x) => toHex(x.data))).not.toEqual(a.air.adverts.map((x) => toHex(x.data)));
  });

  it('survives a clock jump of hours (NTP sync on a Pi) without replaying the gap', async () => {
    const { clock, sim, air } = run(CONFIG, Date.UTC(2026, 10, 23, 8, 3));
    sim.tick();
    await clock.advance(6 * 3_600_000);
    sim.tick();
    expect(sim.snapshot().present.android + sim.snapshot().present.ios + sim.snapshot().present.gaen).toBeLessThanOrEqual(10);
    expect(air.adverts.length).toBeLessThan(1000);
  });

  it('derives RSSI from distance (weaker further away)', () => {
    expect(rssiAt(1, 0)).toBe(-59);
    expect(rssiAt(10, 0)).toBeLessThan(rssiAt(2, 0));
    expect(rssiAt(1000, 0)).toBe(-100);
  });
});

describe('VenueSimulator check-ins', () => {
  const single: SimConfig = { ...CONFIG, targetPresent: 1, gaenShare: 0, iosShare: 0, noisePerSecond: 0, androidOffMs: 0, checkInHoldMs: 4000 };
  const meanRssi = (adverts: AirAdvert[]) => adverts.reduce((sum, a) => sum + a.rssi, 0) / adverts.length;

  it('holds a checking-in phone at the kiosk first, then moves it away', async () => {
    const { air, step } = run({ ...single, checkInShare: 1 }, Date.UTC(2026, 10, 23, 8, 1));
    await step(3500);
    const held = [...air.adverts];
    air.adverts.length = 0;
    await step(3000);
    await step(3000);
    const later = air.adverts.slice(-8);
    expect(held.length).toBeGreaterThan(4);
    // 15 cm from the kiosk: about −41 dBm on the simulator's path-loss model.
    expect(meanRssi(held)).toBeGreaterThan(-48);
    expect(meanRssi(later)).toBeLessThan(meanRssi(held) - 5);
  });

  it('never holds a phone at the kiosk when the share is 0', async () => {
    const { air, step } = run({ ...single, checkInShare: 0, seed: 3 }, Date.UTC(2026, 10, 23, 8, 1));
    await step(3500);
    expect(air.adverts.length).toBeGreaterThan(4);
    expect(meanRssi(air.adverts)).toBeLessThan(-45);
  });

  describe('staff phone for the calibration wizard', () => {
    const QUIET: SimConfig = { ...CONFIG, targetPresent: 0, noisePerSecond: 0 };
    /** Median RSSI of the Android adverts heard while the wizard asks for `m` metres. */
    async function measure(staffPhone: SimConfig['staffPhone'], distances: readonly number[]): Promise<(number | null)[]> {
      const { air, sim, step } = run({ ...QUIET, staffPhone }, Date.UTC(2026, 10, 23, 8, 1));
      const medians: (number | null)[] = [];
      for (const m of distances) {
        air.adverts.length = 0;
        sim.holdStaffPhone(m);
        await step(10_000);
        sim.holdStaffPhone(null);
        const rssi = air.adverts.filter((a) => classifyAdvertBytes(a.data).kind === 'bluezone_android').map((a) => a.rssi).sort((a, b) => a - b);
        medians.push(rssi.length === 0 ? null : rssi[Math.floor(rssi.length / 2)]!);
      }
      // Between measurements nobody holds a phone for the wizard.
      air.adverts.length = 0;
      await step(2_000);
      expect(air.androidIds().size).toBe(0);
      return medians;
    }

    it('follows: advertises throughout each measurement, weaker at 4.5 m than at 2 m', async () => {
      const [near, far] = await measure('follows', [2, 4.5]);
      expect(near).toBeGreaterThanOrEqual(rssiAt(2, 0) - 3);
      expect(far).toBeLessThanOrEqual(rssiAt(4.5, 0) + 3);
      expect(near! - far!).toBeGreaterThanOrEqual(3);
    });

    it('stays: keeps the phone where the first measurement asked', async () => {
      const [near, far] = await measure('stays', [2, 4.5]);
      expect(Math.abs(near! - far!)).toBeLessThan(3);
    });

    it('none: nobody answers the wizard', async () => {
      expect(await measure('none', [2])).toEqual([null]);
    });
  });
});
