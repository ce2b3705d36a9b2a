import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EncounterEngine } from '../../../../src-main/core/engine/encounter-engine.js';
import { openKioskStore } from '../../../../src-main/core/store/kiosk-store.js';
import { SLOT_MS, slotOf } from '../../../../shared/domain/slots.js';
import { FakeClock, T0, bzId } from './engine-fixtures.js';

const step = fc.record({ who: fc.integer({ min: 0, max: 5 }), dt: fc.integer({ min: 0, max: 7_000 }), rssi: fc.integer({ min: -110, max: -30 }) });

describe('encounter engine properties', () => {
  it('stores one row per (ID, slot) whose counts respect the 5-s de-dup and whose RSSI summary stays within the samples', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 300 }), (steps) => {
        const clock = new FakeClock(T0 + SLOT_MS - 200_000);
        const store = openKioskStore({ path: ':memory:', clock });
        const engine = new EncounterEngine({ store, clock });
        const seen = new Map<string, number[]>();
        let t = clock.t;
        for (const s of steps) {
          t += s.dt;
          const id = bzId(s.who);
          engine.ingest({ id, protocol: 'bluezone_android', rssi: s.rssi, at: t, trusted: true });
          const key = `${slotOf(t)}:${id}`;
          seen.set(key, [...(seen.get(key) ?? []), s.rssi]);
        }
        clock.t = t;
        engine.flush();
        const rows = [slotOf(T0), slotOf(T0) + 1, slotOf(T0) + 2].flatMap((slot) => store.encounters.slot(slot, true));
        expect(rows.length).toBe(seen.size);
        for (const r of rows) {
          const samples = seen.get(`${r.slot}:${r.visitorId}`)!;
          expect(r.firstSeen).toBeLessThanOrEqual(r.lastSeen);
          expect(slotOf(r.firstSeen)).toBe(r.slot);
          expect(slotOf(r.lastSeen)).toBe(r.slot);
          expect(r.count).toBeGreaterThanOrEqual(1);
          expect(r.count).toBeLessThanOrEqual(Math.floor((r.lastSeen - r.firstSeen) / 5_000) + 1);
          expect(r.count).toBeLessThanOrEqual(samples.length);
          expect(r.rssiMax).toBeLessThanOrEqual(Math.max(...samples));
          expect(r.rssiMedian).toBeGreaterThanOrEqual(Math.min(...samples));
          expect(r.rssiMedian).toBeLessThanOrEqual(r.rssiMax);
        }
        engine.dispose();
        store.close();
      }),
      { numRuns: 60 },
    );
  });

  it('never lets tallies go below zero, whatever staff press', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('no_app' as const, 'helped_install' as const), fc.constantFrom(1, -1), fc.integer({ min: 0, max: 3 * SLOT_MS })), { maxLength: 60 }), (presses) => {
        const clock = new FakeClock(T0);
        const store = openKioskStore({ path: ':memory:', clock });
        const engine = new EncounterEngine({ store, clock });
        const expected = { no_app: 0, helped_install: 0 };
        for (const [kind, delta, dt] of presses.sort((a, b) => a[2] - b[2])) {
          clock.t = T0 + dt;
          const after = engine.addTally(kind, delta);
          expected[kind] = Math.max(0, expected[kind] + delta);
          expect(after).toEqual(expected);
        }
        engine.dispose();
        store.close();
      }),
      { numRuns: 60 },
    );
  });
});
