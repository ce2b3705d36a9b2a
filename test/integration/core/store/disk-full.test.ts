import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DAY_MS, slotOf } from '../../../../shared/domain/slots.js';
import { EncounterEngine } from '../../../../src-main/core/engine/encounter-engine.js';
import { openKioskStore, type KioskStore } from '../../../../src-main/core/store/kiosk-store.js';
import { FakeClock, T0, bzId, heartbeat, tempDir } from './store-fixtures.js';

let dir: string;
let cleanup: () => void;
let store: KioskStore;
let clock: FakeClock;
let events: string[];

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  clock = new FakeClock(T0);
  events = [];
  store = openKioskStore({ path: join(dir, 'full.db'), clock, maxSizeMb: 0.5, log: (e) => events.push(e) });
});

afterEach(() => {
  store.close();
  cleanup();
});

/** Ingests fresh IDs until a flush fails on the size cap; returns the IDs committed before. */
function fillUntilFull(engine: EncounterEngine, at: () => number): number {
  let n = 0;
  for (let round = 0; round < 1000; round++) {
    for (let i = 0; i < 200; i++) engine.ingest({ id: bzId(n + i), protocol: 'bluezone_android', rssi: -60, at: at(), trusted: true });
    const failuresBefore = engine.stats().flushFailures;
    engine.flush();
    if (engine.stats().flushFailures > failuresBefore) return n;
    n += 200;
  }
  throw new Error('the size cap never filled');
}

describe('disk full', () => {
  it('keeps running, keeps committed rows and pending rows, raises disk_low, and recovers by purging expired data', () => {
    const engine = new EncounterEngine({ store, clock });
    const committed = fillUntilFull(engine, () => clock.t);
    expect(committed).toBeGreaterThan(0);
    expect(store.diskLow).toBe(true);
    expect(events).toContain('disk_full');
    expect(engine.pending()).toBeGreaterThan(0);
    expect(store.encounters.count()).toBe(committed);
    // Sealing on a full disk fails cleanly, leaving nothing half-sealed.
    expect(() => store.sealBatches(clock.t, heartbeat(clock.t))).toThrow(/disk_full/);
    expect(store.outbox.depth()).toBe(0);

    // Three weeks later the old rows are expired: the next write purges them and fits.
    const pendingSlot = slotOf(clock.t);
    const pending = engine.pending();
    clock.t += 22 * DAY_MS;
    engine.ingest({ id: bzId(999_999), protocol: 'bluezone_android', rssi: -60, at: clock.t, trusted: true });
    engine.flush();
    expect(engine.pending()).toBe(0);
    // The purge removed the expired committed rows; the rows that were pending during
    // the failure were then written, not dropped.
    expect(store.encounters.slot(slotOf(clock.t), true)).toHaveLength(1);
    expect(store.encounters.slot(pendingSlot, true)).toHaveLength(pending);
    // The alert clears with the next write that fits without purging.
    engine.ingest({ id: bzId(999_998), protocol: 'bluezone_android', rssi: -60, at: clock.t, trusted: true });
    engine.flush();
    expect(store.diskLow).toBe(false);
    engine.dispose();
  });

  it('routes every kind of write through the same handling, with a coded error', () => {
    // 400 KB does not fit in a 0.5 MB cap next to the schema and a 150 KB value.
    store.settings.set('first', 'x'.repeat(150_000));
    let err: unknown;
    try {
      store.settings.set('big', 'y'.repeat(400_000));
    } catch (e) {
      err = e;
    }
    expect((err as { code?: string }).code).toBe('disk_full');
    expect(store.diskLow).toBe(true);
    expect(store.settings.get('big')).toBeUndefined();
    expect(store.settings.get('first')).toHaveLength(150_000);
    // Small writes still fit and clear the alert.
    store.settings.set('small', 'ok');
    expect(store.diskLow).toBe(false);
  });
});
