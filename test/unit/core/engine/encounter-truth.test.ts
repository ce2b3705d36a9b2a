// What the engine counts must be true in field conditions: the kiosk never counts itself,
// a phone's late-rotated ID stays in its slot, an impossible RSSI is no check-in, and GAEN
// phones are counted without their identifiers being kept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncounterEngine } from '../../../../src-main/core/engine/encounter-engine.js';
import { openKioskStore, type KioskStore } from '../../../../src-main/core/store/kiosk-store.js';
import { slotOf, slotStart } from '../../../../shared/domain/slots.js';
import { FakeClock, T0, bzId, gaenId, sighting } from './engine-fixtures.js';

let clock: FakeClock;
let store: KioskStore;
let engine: EncounterEngine;
const own = new Set<string>();

beforeEach(() => {
  own.clear();
  clock = new FakeClock(T0 + 60_000);
  store = openKioskStore({ path: ':memory:', clock });
  engine = new EncounterEngine({ store, clock, isOwnId: (id) => own.has(id) });
});

afterEach(() => {
  engine.dispose();
  store.close();
});

describe('the kiosk never counts itself', () => {
  it("drops its own current and previous slot IDs: no encounter, no presence, no check-in, no upload", () => {
    own.add(bzId(0xaaa)).add(bzId(0xbbb));
    let checkIns = 0;
    engine.onCheckIn(() => (checkIns += 1));
    for (let dt = 0; dt < 60_000; dt += 500) {
      engine.ingest(sighting(bzId(0xaaa), clock.t + dt, -30));
      engine.ingest(sighting(bzId(0xbbb), clock.t + dt, -30));
    }
    clock.advance(60_000);
    engine.flush();
    expect(store.encounters.count()).toBe(0);
    expect(engine.slotDevices()).toBe(0);
    expect(engine.presence().bluezone).toBe(0);
    expect(checkIns).toBe(0);
    expect(engine.stats().ownIds).toBe(240);
  });
});

describe('late rotation', () => {
  it('keeps a lagging phone in the slot its ID was meant for: one device per slot for an hour', () => {
    // One Android phone stays an hour and sends each slot's ID until 10 s into the next.
    const first = slotOf(T0);
    const idFor = (slot: number) => bzId(1000 + slot - first);
    for (let t = slotStart(first) + 20_000; t < slotStart(first + 4); t += 2_000) {
      clock.t = t;
      engine.ingest(sighting(idFor(slotOf(t - 10_000)), t, -65));
    }
    engine.flush();
    for (let slot = first; slot < first + 4; slot++) {
      const rows = store.encounters.slot(slot, true);
      expect(rows.map((r) => r.visitorId), `slot ${slot - first}`).toEqual([idFor(slot)]);
      // The row stays inside its slot, as the key server's minute rules require.
      expect(rows[0]!.lastSeen).toBeLessThan(slotStart(slot + 1));
      expect(store.attendance.range(slot, slot)[0]?.bluezoneDevices).toBe(1);
    }
    expect(engine.stats().lateRotation).toBe(3 * 5);
  });

  it('files a new ID heard just after the boundary in the new slot', () => {
    const boundary = slotStart(slotOf(T0) + 1);
    clock.t = boundary + 5_000;
    engine.ingest(sighting(bzId(7), boundary + 5_000));
    engine.flush();
    expect(store.encounters.slot(slotOf(boundary), true).map((r) => r.visitorId)).toEqual([bzId(7)]);
  });
});

describe('impossible RSSI', () => {
  it('rejects 127 (HCI: not available) and values outside −127…+20, counts them, and never checks in', () => {
    let checkIns = 0;
    engine.onCheckIn(() => (checkIns += 1));
    const t = clock.t;
    for (let dt = 0; dt < 5_000; dt += 100) engine.ingest(sighting(bzId(1), t + dt, 127));
    for (const rssi of [21, 100, -128, -200, Number.NaN]) engine.ingest(sighting(bzId(2), t, rssi));
    engine.ingest(sighting(bzId(3), t, 20));
    engine.ingest(sighting(bzId(4), t, -127));
    engine.flush();
    expect(checkIns).toBe(0);
    expect(store.encounters.slot(slotOf(t), true).map((r) => r.visitorId).sort()).toEqual([bzId(3), bzId(4)]);
    expect(engine.stats().rejectedRssi).toBe(50 + 5);
    expect(engine.stats().rejected).toBe(50 + 5);
  });
});

describe('GAEN phones', () => {
  it('are counted (presence and attendance) but neither stored nor uploaded', () => {
    const t = clock.t;
    engine.ingest(sighting(gaenId(1), t, -60, 'gaen'));
    engine.ingest(sighting(gaenId(2), t, -60, 'gaen'));
    engine.ingest(sighting(bzId(1), t, -60));
    expect(engine.presence(t).gaen).toBe(2);
    clock.t = slotStart(slotOf(t) + 1) + 1;
    engine.flush();
    expect(store.encounters.count()).toBe(1);
    expect(store.attendance.range(slotOf(t), slotOf(t))[0]).toMatchObject({ gaenDevices: 2, bluezoneDevices: 1 });
    store.sealBatches(clock.t, { version: 't', radio_state: 'scanning', clock_synced: true, queue_depth: 0, free_disk_mb: 1000, sent_at: clock.t });
    const batch = store.outbox.next(clock.t)?.body;
    expect(batch?.encounters.map((e) => e.protocol)).toEqual(['bluezone_android']);
    expect(JSON.stringify(batch)).not.toContain(gaenId(1));
  });

  it('keeps the GAEN count of a slot across a restart', () => {
    const t = clock.t;
    engine.ingest(sighting(gaenId(1), t, -60, 'gaen'));
    engine.flush();
    engine.dispose();
    engine = new EncounterEngine({ store, clock });
    engine.ingest(sighting(gaenId(2), t + 1_000, -60, 'gaen'));
    engine.flush();
    expect(store.attendance.range(slotOf(t), slotOf(t))[0]?.gaenDevices).toBe(2);
  });
});

describe('local days', () => {
  it("tallies reset at local midnight: yesterday evening's count is neither today's nor corrected by today's −1", () => {
    const localMidnight = Date.UTC(2024, 2, 4, 17);
    store.tallies.add('no_app', 1, localMidnight - 10 * 60_000);
    expect(store.tallies.today(localMidnight - 60_000)).toEqual({ no_app: 1, helped_install: 0 });
    expect(store.tallies.today(localMidnight + 10 * 60_000)).toEqual({ no_app: 0, helped_install: 0 });
    store.tallies.add('no_app', -1, localMidnight + 10 * 60_000);
    expect(store.tallies.today(localMidnight - 60_000)).toEqual({ no_app: 1, helped_install: 0 });
    // 07:00 in Vietnam is UTC midnight: today's count goes on.
    store.tallies.add('helped_install', 1, Date.UTC(2024, 2, 4, 23, 50));
    expect(store.tallies.today(Date.UTC(2024, 2, 5, 0, 10))).toEqual({ no_app: 0, helped_install: 1 });
  });
});
