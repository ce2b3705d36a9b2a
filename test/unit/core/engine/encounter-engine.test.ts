import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncounterEngine, type CheckInEvent } from '../../../../src-main/core/engine/encounter-engine.js';
import { openKioskStore, type KioskStore } from '../../../../src-main/core/store/kiosk-store.js';
import type { EncounterRow } from '../../../../src-main/core/store/store-types.js';
import { slotOf, SLOT_MS } from '../../../../shared/domain/slots.js';
import { FakeClock, T0, bzId, gaenId, sighting } from './engine-fixtures.js';

let clock: FakeClock;
let store: KioskStore;
let engine: EncounterEngine;

beforeEach(() => {
  clock = new FakeClock(T0 + 60_000);
  store = openKioskStore({ path: ':memory:', clock });
  engine = new EncounterEngine({ store, clock, config: { calibration: { rssiAt1m: -60, pathLossExponent: 2 } } });
});

afterEach(() => {
  engine.dispose();
  store.close();
});

function rows(slot: number, trusted = true): EncounterRow[] {
  return store.encounters.slot(slot, trusted);
}

describe('encounter engine: de-dup', () => {
  it('counts the same ID at most once per 5 s', () => {
    const t = clock.t;
    for (let dt = 0; dt < 12_000; dt += 250) engine.ingest(sighting(bzId(1), t + dt, -70));
    engine.flush();
    const [row] = rows(slotOf(t));
    // Counted at +0, +5 s, +10 s.
    expect(row?.count).toBe(3);
    expect(row?.firstSeen).toBe(t);
    expect(row?.lastSeen).toBe(t + 10_000);
    expect(engine.stats().deduplicated).toBe(48 - 3);
  });

  it('keeps de-dup per ID', () => {
    const t = clock.t;
    engine.ingest(sighting(bzId(1), t));
    engine.ingest(sighting(bzId(2), t + 10));
    engine.flush();
    expect(rows(slotOf(t)).map((r) => r.count)).toEqual([1, 1]);
  });
});

describe('encounter engine: slots', () => {
  it('counts a GAEN ID (not on the slot grid) in each slot it is heard in, without a row', () => {
    const boundary = T0 + SLOT_MS;
    engine.ingest(sighting(gaenId(7), boundary - 1, -70, 'gaen'));
    engine.ingest(sighting(gaenId(7), boundary, -70, 'gaen'));
    clock.t = boundary + 1;
    engine.flush();
    expect(store.attendance.range(slotOf(boundary) - 1, slotOf(boundary)).map((a) => a.gaenDevices)).toEqual([1, 1]);
    expect(store.encounters.count()).toBe(0);
  });

  it('counts distinct devices per slot and today with the continuity estimate', () => {
    const boundary = T0 + SLOT_MS;
    clock.t = boundary - 30_000;
    for (let i = 0; i < 5; i++) engine.ingest(sighting(bzId(i), clock.t));
    expect(engine.slotDevices()).toBe(5);
    // After the boundary 3 of them reappear with new IDs, plus 1 newcomer much later.
    clock.t = boundary + 10_000;
    for (let i = 100; i < 103; i++) engine.ingest(sighting(bzId(i), clock.t));
    clock.t = boundary + 300_000;
    engine.ingest(sighting(bzId(200), clock.t));
    engine.flush();
    expect(engine.slotDevices()).toBe(4);
    // 5 in the first slot + (4 − 3 continued) in the second.
    expect(engine.todayDevices()).toBe(6);
    const att = store.attendance.range(slotOf(boundary), slotOf(boundary))[0];
    expect(att).toMatchObject({ bluezoneDevices: 4, continued: 3 });
  });

  it('counts today from local midnight (Asia/Ho_Chi_Minh, 17:00 UTC), not from UTC midnight', () => {
    const localMidnight = Date.UTC(2024, 2, 4, 17); // 00:00 on 5 March in Vietnam
    clock.t = localMidnight - 10 * 60_000;
    engine.ingest(sighting(bzId(1), clock.t));
    clock.t = localMidnight + 10 * 60_000;
    engine.ingest(sighting(bzId(2), clock.t));
    clock.t = localMidnight + 20 * 60_000;
    engine.flush();
    expect(engine.todayDevices()).toBe(1);
    // 07:00 in Vietnam is UTC midnight: the local day goes on.
    clock.t = Date.UTC(2024, 2, 5, 0, 10);
    engine.ingest(sighting(bzId(3), clock.t));
    engine.flush();
    expect(engine.todayDevices()).toBe(2);
  });

  it('charts today’s arrivals per local hour: 00:10 and 07:10 in Vietnam land in hours 0 and 7', () => {
    const localMidnight = Date.UTC(2024, 2, 4, 17);
    clock.t = localMidnight - 10 * 60_000;
    engine.ingest(sighting(bzId(1), clock.t));
    clock.t = localMidnight + 10 * 60_000;
    engine.ingest(sighting(bzId(2), clock.t));
    clock.t = Date.UTC(2024, 2, 5, 0, 10);
    engine.ingest(sighting(bzId(3), clock.t));
    engine.ingest(sighting(bzId(4), clock.t + 1000));
    clock.t += 60_000;
    engine.flush();
    const hours = engine.arrivalsByHour();
    expect(hours).toHaveLength(24);
    expect(hours[0]).toBe(1);
    expect(hours[7]).toBe(2);
    // Yesterday's visitor is not today's, and the hours add up to the day's count.
    expect(hours.reduce((a, b) => a + b, 0)).toBe(engine.todayDevices());
  });

  it('follows the configured zone (UTC days when asked)', () => {
    const utc = new EncounterEngine({ store, clock, timeZone: 'UTC' });
    const midnight = Date.UTC(2024, 2, 5);
    utc.ingest(sighting(bzId(1), midnight - 1000));
    utc.ingest(sighting(bzId(2), midnight + 1000 * 60 * 10));
    clock.t = midnight + 1000 * 60 * 20;
    utc.flush();
    expect(utc.todayDevices()).toBe(1);
    utc.dispose();
  });
});

describe('encounter engine: dwell and arrivals', () => {
  it('estimates dwell locally and uploads arrivals, not the carry-over estimate', () => {
    const boundary = T0 + SLOT_MS;
    // Two phones: one stays across the boundary (new ID after it), one leaves early.
    engine.ingest(sighting(bzId(1), boundary - 600_000));
    engine.ingest(sighting(bzId(1), boundary - 10_000));
    engine.ingest(sighting(bzId(2), boundary - 600_000));
    engine.ingest(sighting(bzId(2), boundary - 300_000));
    engine.ingest(sighting(bzId(3), boundary + 5_000));
    engine.ingest(sighting(bzId(3), boundary + 185_000));
    clock.t = boundary + 200_000;
    engine.flush();
    // 2 arrivals; presence 590 s + 300 s + 180 s.
    expect(engine.dwellToday()).toEqual({ meanMs: (590_000 + 300_000 + 180_000) / 2, arrivals: 2 });
    expect(store.sealBatches(clock.t, heartbeat(clock.t))).toBe(1);
    const att = store.outbox.next(clock.t)?.body.attendance;
    expect(att?.map((a) => [a.slot - slotOf(T0), a.bluezone_devices, a.arrivals])).toEqual([
      [0, 2, 2],
      [1, 1, 0],
    ]);
    expect(JSON.stringify(att)).not.toMatch(/continued|presence/);
  });
});

describe('encounter engine: here now', () => {
  it('counts phones seen in the last 60 s by protocol', () => {
    const t = clock.t;
    engine.ingest(sighting(bzId(1), t - 70_000, -70, 'bluezone_android'));
    engine.ingest(sighting(bzId(2), t - 50_000, -70, 'bluezone_android'));
    engine.ingest(sighting(bzId(3), t - 1_000, -70, 'bluezone_ios'));
    engine.ingest(sighting(gaenId(4), t, -70, 'gaen'));
    expect(engine.presence(t)).toEqual({ bluezone: 2, bluezone_android: 1, bluezone_ios: 1, gaen: 1 });
    expect(engine.presence(t + 11_000)).toEqual({ bluezone: 1, bluezone_android: 0, bluezone_ios: 1, gaen: 1 });
  });

  it('does not double count a phone whose ID rotated at the boundary', () => {
    const boundary = T0 + SLOT_MS;
    engine.ingest(sighting(bzId(1), boundary - 5_000));
    engine.ingest(sighting(bzId(2), boundary + 5_000));
    expect(engine.presence(boundary + 10_000).bluezone).toBe(1);
  });
});

describe('encounter engine: distance', () => {
  it('classifies encounters from their median RSSI', () => {
    const t = clock.t;
    // Calibration: −60 dBm at 1 m, n = 2: near ≥ −66.0, mid ≥ −74.0.
    const streams: [string, number[]][] = [
      [bzId(1), [-62, -30, -64, -95, -63]],
      [bzId(2), [-70, -71, -40, -72, -69]],
      [bzId(3), [-85, -50, -90, -88, -86]],
    ];
    for (const [id, rssis] of streams) rssis.forEach((r, i) => engine.ingest(sighting(id, t + i * 5_000, r)));
    engine.flush();
    const byId = new Map(rows(slotOf(t)).map((r) => [r.visitorId, r]));
    expect(byId.get(bzId(1))).toMatchObject({ distance: 'near', rssiMedian: -63, rssiMax: -30 });
    expect(byId.get(bzId(2))).toMatchObject({ distance: 'mid', rssiMedian: -70 });
    expect(byId.get(bzId(3))).toMatchObject({ distance: 'far', rssiMedian: -86 });
  });
});

describe('encounter engine: check-in', () => {
  it('emits one check-in when a phone is held at the kiosk for 2 s', () => {
    const events: CheckInEvent[] = [];
    engine.onCheckIn((e) => events.push(e));
    const t = clock.t;
    for (let dt = 0; dt <= 4000; dt += 200) engine.ingest(sighting(bzId(9), t + dt, -50, 'bluezone_ios'));
    expect(events).toEqual([{ protocol: 'bluezone_ios', at: t + 2000 }]);
    engine.flush();
    expect(rows(slotOf(t))[0]?.checkedIn).toBe(true);
  });

  it('does not check in a phone passing by or standing a few metres away', () => {
    const events: CheckInEvent[] = [];
    engine.onCheckIn((e) => events.push(e));
    const t = clock.t;
    for (let dt = 0; dt <= 1000; dt += 200) engine.ingest(sighting(bzId(1), t + dt, -45));
    for (let dt = 0; dt <= 10_000; dt += 200) engine.ingest(sighting(bzId(2), t + dt, -64));
    expect(events).toEqual([]);
    engine.flush();
    expect(rows(slotOf(t)).every((r) => !r.checkedIn)).toBe(true);
  });

  it('stops notifying a disposed listener and survives a throwing one', () => {
    const seen: number[] = [];
    engine.onCheckIn(() => {
      throw new Error('ui bug');
    });
    const sub = engine.onCheckIn((e) => seen.push(e.at));
    const t = clock.t;
    for (let dt = 0; dt <= 2000; dt += 200) engine.ingest(sighting(bzId(1), t + dt, -45));
    sub.dispose();
    for (let dt = 0; dt <= 2000; dt += 200) engine.ingest(sighting(bzId(2), t + dt, -45));
    expect(seen).toEqual([t + 2000]);
    expect(engine.stats().checkIns).toBe(2);
  });
});

describe('encounter engine: untrusted clock', () => {
  it('keeps untrusted sightings apart and never seals them', () => {
    const t = clock.t;
    engine.ingest(sighting(bzId(1), t, -70, 'bluezone_android', false));
    engine.ingest(sighting(bzId(2), t, -70, 'bluezone_android', true));
    engine.flush();
    expect(rows(slotOf(t), false).map((r) => r.visitorId)).toEqual([bzId(1)]);
    expect(rows(slotOf(t), true).map((r) => r.visitorId)).toEqual([bzId(2)]);
    expect(store.sealBatches(t, heartbeat(t))).toBe(1);
    const batch = store.outbox.next(t)?.body;
    expect(batch?.encounters.map((e) => e.visitor_id)).toEqual([bzId(2)]);
    expect(batch?.attendance[0]?.bluezone_devices).toBe(1);
    // Still here now: presence is local and counts both.
    expect(engine.presence(t).bluezone).toBe(2);
  });
});

describe('encounter engine: tallies', () => {
  it('adds and removes, never below zero', () => {
    expect(engine.addTally('no_app', 1)).toEqual({ no_app: 1, helped_install: 0 });
    expect(engine.addTally('no_app', -1)).toEqual({ no_app: 0, helped_install: 0 });
    expect(engine.addTally('no_app', -1)).toEqual({ no_app: 0, helped_install: 0 });
    engine.addTally('helped_install', 1);
    clock.advance(SLOT_MS);
    engine.addTally('helped_install', -1);
    engine.addTally('helped_install', -1);
    expect(engine.tallyToday()).toEqual({ no_app: 0, helped_install: 0 });
  });

  it('rejects a bad kind or delta with a coded error and changes nothing', () => {
    expect(() => engine.addTally('bogus' as never, 1)).toThrow(/invalid_argument/);
    expect(() => engine.addTally('no_app', 2 as never)).toThrow(/invalid_argument/);
    expect(engine.tallyToday()).toEqual({ no_app: 0, helped_install: 0 });
  });
});

describe('encounter engine: bad input', () => {
  it('rejects malformed sightings without throwing or storing them', () => {
    const t = clock.t;
    const bad = [
      { id: 'zz'.repeat(12), at: t, rssi: -60, protocol: 'bluezone_android', trusted: true },
      { id: bzId(1), at: t, rssi: -60, protocol: 'gaen', trusted: true },
      { id: bzId(1), at: Number.NaN, rssi: -60, protocol: 'bluezone_android', trusted: true },
      { id: bzId(1), at: t, rssi: Number.POSITIVE_INFINITY, protocol: 'bluezone_android', trusted: true },
      { id: bzId(1), at: t, rssi: -60, protocol: 'classic', trusted: true },
      { id: 42, at: t, rssi: -60, protocol: 'bluezone_android', trusted: true },
    ];
    for (const s of bad) expect(() => engine.ingest(s as never)).not.toThrow();
    engine.flush();
    expect(engine.stats().rejected).toBe(bad.length);
    expect(store.encounters.count()).toBe(0);
  });
});

describe('encounter engine: restart', () => {
  it('continues counting an encounter written by an earlier run', () => {
    const t = clock.t;
    engine.ingest(sighting(bzId(1), t, -60));
    engine.dispose();
    const again = new EncounterEngine({ store, clock });
    again.ingest(sighting(bzId(1), t + 2_000, -60));
    again.ingest(sighting(bzId(1), t + 6_000, -60));
    again.flush();
    expect(rows(slotOf(t))[0]).toMatchObject({ count: 2, firstSeen: t, lastSeen: t + 6_000 });
    expect(again.slotDevices(t)).toBe(1);
    again.dispose();
  });
});

function heartbeat(t: number) {
  return { version: 'test', radio_state: 'scanning' as const, clock_synced: true, queue_depth: 0, free_disk_mb: 100, sent_at: t };
}
