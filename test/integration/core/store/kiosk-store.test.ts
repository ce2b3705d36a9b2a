import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSync, existsSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { KioskBatch, MAX_ENCOUNTERS_PER_BATCH } from '../../../../shared/api/kiosk-upload.js';
import { DAY_MS, SLOT_MS, slotOf } from '../../../../shared/domain/slots.js';
import { openKioskStore, type KioskStore } from '../../../../src-main/core/store/kiosk-store.js';
import { loadMigrations } from '../../../../src-main/core/store/migrate.js';
import type { EncounterRow } from '../../../../src-main/core/store/store-types.js';
import { FakeClock, T0, bzId, heartbeat, tempDir } from './store-fixtures.js';

// TypeBox checks `format` only for registered formats; the server registers the same one.
if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(v));

// The test project resolves typebox's typings through another entry than shared/ does
// (Bundler vs NodeNext), so the schema's static type is bridged here; runtime is the same.
function conformsToKioskBatch(v: unknown): boolean {
  return Value.Check(KioskBatch as unknown as Parameters<typeof Value.Check>[0], v);
}

let dir: string;
let cleanup: () => void;
let clock: FakeClock;
let store: KioskStore | undefined;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  clock = new FakeClock(T0);
});

afterEach(() => {
  store?.close();
  store = undefined;
  cleanup();
});

function open(opts: Partial<Parameters<typeof openKioskStore>[0]> = {}): KioskStore {
  store = openKioskStore({ path: join(dir, 'kiosk.db'), clock, ...opts });
  return store;
}

function enc(n: number, slot: number, over: Partial<EncounterRow> = {}): EncounterRow {
  const first = slot * SLOT_MS + 1000;
  return {
    slot,
    visitorId: bzId(n),
    trusted: true,
    protocol: 'bluezone_android',
    firstSeen: first,
    lastSeen: first + 125_000,
    count: 3,
    rssiMax: -50,
    rssiMedian: -60,
    distance: 'near',
    checkedIn: false,
    ...over,
  };
}

describe('kiosk store: opening', () => {
  it('creates the schema in WAL mode with foreign keys and a busy timeout', () => {
    open();
    store?.close();
    const db = new Database(join(dir, 'kiosk.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['encounters', 'slot_keys', 'tallies', 'attendance', 'outbox', 'settings']));
    db.close();
  });

  it('rejects invalid options with a coded error', () => {
    expect(() => open({ retentionDays: 0 })).toThrow(/invalid_argument/);
    expect(() => open({ durability: 'fast' as never })).toThrow(/invalid_argument/);
  });

  it('moves a damaged file aside, starts fresh and raises storage_recovered until acknowledged', () => {
    const path = join(dir, 'kiosk.db');
    writeFileSync(path, Buffer.alloc(8192, 0x5a));
    const s = open();
    expect(s.recovered).toBe(true);
    const aside = readdirSync(dir).filter((f) => f.startsWith('kiosk.db.corrupt-'));
    expect(aside).toHaveLength(1);
    s.settings.set('kiosk_id', 'k1');
    s.close();
    const again = open();
    expect(again.recovered).toBe(true);
    again.acknowledgeRecovered();
    expect(again.recovered).toBe(false);
    expect(again.settings.get('kiosk_id')).toBe('k1');
  });

  it('recovers from a file whose pages fail quick_check', () => {
    const path = join(dir, 'kiosk.db');
    const s = open();
    s.applyFlush({ encounters: Array.from({ length: 3000 }, (_, i) => enc(i, slotOf(T0))), attendance: [] });
    s.close();
    store = undefined;
    // Overwrite interior pages (not the header) with garbage.
    const db = new Database(path);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const garbage = Buffer.alloc(4096 * 4, 0xa5);
    const file = openSync(path, 'r+');
    writeSync(file, garbage, 0, garbage.length, 4096 * 3);
    closeSync(file);
    const fresh = open();
    expect(fresh.recovered).toBe(true);
    expect(fresh.encounters.count()).toBe(0);
  });

  it('is not fooled into "recovery" on a healthy file', () => {
    open().settings.set('a', 'b');
    store?.close();
    const s = open();
    expect(s.recovered).toBe(false);
    expect(s.settings.get('a')).toBe('b');
    expect(existsSync(join(dir, 'kiosk.db'))).toBe(true);
  });
});

describe('kiosk store: slot keys', () => {
  it('creates a key once and returns the stored one afterwards', () => {
    const s = open();
    const k1 = new Uint8Array(32).fill(1);
    expect(s.slotKeys.getOrCreate(100, () => k1)).toEqual(k1);
    expect(s.slotKeys.getOrCreate(100, () => new Uint8Array(32).fill(2))).toEqual(k1);
    s.slotKeys.getOrCreate(102, () => new Uint8Array(32).fill(3));
    expect(s.slotKeys.range(99, 102).map((r) => r.slot)).toEqual([100, 102]);
  });

  it('refuses keys that are not 32 bytes and bad slots', () => {
    const s = open();
    expect(() => s.slotKeys.getOrCreate(1, () => new Uint8Array(16))).toThrow(/invalid_slot_key/);
    expect(() => s.slotKeys.getOrCreate(-1, () => new Uint8Array(32))).toThrow(/invalid_argument/);
    expect(s.slotKeys.range(0, 10)).toEqual([]);
  });
});

describe('kiosk store: settings', () => {
  it('gets, sets and overwrites', () => {
    const s = open();
    expect(s.settings.get('x')).toBeUndefined();
    s.settings.set('x', '1');
    s.settings.set('x', '2');
    expect(s.settings.get('x')).toBe('2');
    expect(() => s.settings.set('', 'v')).toThrow(/invalid_argument/);
  });
});

describe('kiosk store: sealing and outbox', () => {
  const slot = slotOf(T0);

  it('writes nothing when nothing changed', () => {
    const s = open();
    expect(s.sealBatches(T0, heartbeat(T0))).toBe(0);
    expect(s.outbox.depth()).toBe(0);
  });

  it('seals changed encounters, closed-slot keys and attendance into a valid batch, once', () => {
    const s = open();
    s.applyFlush({
      encounters: [enc(1, slot, { checkedIn: true }), enc(2, slot, { trusted: false })],
      attendance: [{ slot, bluezoneDevices: 1, gaenDevices: 0, continued: 0, presenceMs: 125_000 }],
    });
    s.slotKeys.getOrCreate(slot - 1, () => new Uint8Array(32).fill(7));
    s.slotKeys.getOrCreate(slot, () => new Uint8Array(32).fill(8));
    s.tallies.add('no_app', 1, T0 + 10);
    const now = T0 + 60_000;
    expect(s.sealBatches(now, heartbeat(now))).toBe(1);
    const next = s.outbox.next(now);
    expect(next?.attempts).toBe(0);
    const body = next!.body;
    expect(conformsToKioskBatch(body)).toBe(true);
    expect(body.encounters).toEqual([
      {
        visitor_id: bzId(1),
        protocol: 'bluezone_android',
        slot,
        first_seen_min: Math.floor((slot * SLOT_MS + 1000) / 60_000),
        last_seen_min: Math.floor((slot * SLOT_MS + 126_000) / 60_000),
        distance: 'near',
        checked_in: true,
      },
    ]);
    // The current slot's key is not sent: the server only takes closed slots.
    expect(body.slot_keys).toEqual([{ slot: slot - 1, key: '07'.repeat(32) }]);
    expect(body.attendance).toEqual([{ slot, bluezone_devices: 1, gaen_devices: 0, arrivals: 1, no_app: 1, helped_install: 0 }]);
    expect(s.sealBatches(now, heartbeat(now))).toBe(0);
    // The slot closes: now its key goes out, alone.
    const later = (slot + 1) * SLOT_MS + 1;
    expect(s.sealBatches(later, heartbeat(later))).toBe(1);
    expect(s.outbox.depth()).toBe(2);
  });

  it('re-seals an encounter that changed after sealing', () => {
    const s = open();
    s.applyFlush({ encounters: [enc(1, slot)], attendance: [] });
    s.sealBatches(T0, heartbeat(T0));
    s.applyFlush({ encounters: [enc(1, slot, { lastSeen: slot * SLOT_MS + 400_000, distance: 'far' })], attendance: [] });
    expect(s.sealBatches(T0 + 1, heartbeat(T0))).toBe(1);
    const first = s.outbox.next(T0 + 1)!;
    s.outbox.ack(first.batchId);
    const second = s.outbox.next(T0 + 1)!;
    expect(second.body.encounters[0]?.last_seen_min).toBe(Math.floor((slot * SLOT_MS + 400_000) / 60_000));
  });

  it('splits more than MAX_ENCOUNTERS_PER_BATCH encounters into several batches', () => {
    const s = open();
    const n = MAX_ENCOUNTERS_PER_BATCH * 2 + 10;
    s.applyFlush({ encounters: Array.from({ length: n }, (_, i) => enc(i, slot)), attendance: [] });
    expect(s.sealBatches(T0, heartbeat(T0))).toBe(3);
    const ids = new Set<string>();
    let total = 0;
    for (let e = s.outbox.next(T0); e; e = s.outbox.next(T0)) {
      expect(conformsToKioskBatch(e.body)).toBe(true);
      ids.add(e.batchId);
      total += e.body.encounters.length;
      s.outbox.ack(e.batchId);
    }
    expect(ids.size).toBe(3);
    expect(total).toBe(n);
  });

  it('re-sends the same batch after a crash before ack, without sealing again', () => {
    const path = join(dir, 'kiosk.db');
    const s = open();
    s.applyFlush({ encounters: [enc(1, slot)], attendance: [] });
    s.sealBatches(T0, heartbeat(T0));
    const sent = s.outbox.next(T0)!;
    s.close();
    store = openKioskStore({ path, clock });
    expect(store.sealBatches(T0, heartbeat(T0))).toBe(0);
    const resent = store.outbox.next(T0)!;
    expect(resent.batchId).toBe(sent.batchId);
    expect(resent.body).toEqual(sent.body);
  });

  it('backs off failed batches and keeps them in order', () => {
    const s = open();
    s.applyFlush({ encounters: [enc(1, slot)], attendance: [] });
    s.sealBatches(T0, heartbeat(T0));
    s.applyFlush({ encounters: [enc(2, slot)], attendance: [] });
    s.sealBatches(T0 + 1, heartbeat(T0));
    const a = s.outbox.next(T0 + 1)!;
    s.outbox.fail(a.batchId, 'http_503 '.repeat(100), T0 + 60_000);
    const b = s.outbox.next(T0 + 1)!;
    expect(b.batchId).not.toBe(a.batchId);
    s.outbox.ack(b.batchId);
    expect(s.outbox.next(T0 + 1)).toBeUndefined();
    expect(s.outbox.next(T0 + 60_000)).toMatchObject({ batchId: a.batchId, attempts: 1 });
    expect(s.outbox.depth()).toBe(1);
  });
});

describe('kiosk store: tallies', () => {
  it('keeps per-slot counts non-negative across slots of the day', () => {
    const s = open();
    s.tallies.add('no_app', 1, T0);
    s.tallies.add('no_app', 1, T0 + SLOT_MS);
    s.tallies.add('no_app', -1, T0 + 2 * SLOT_MS);
    s.tallies.add('no_app', -1, T0 + 2 * SLOT_MS);
    expect(s.tallies.add('no_app', -1, T0 + 2 * SLOT_MS)).toEqual({ no_app: 0, helped_install: 0 });
    expect(s.tallies.add('helped_install', 1, T0 + DAY_MS)).toEqual({ no_app: 0, helped_install: 1 });
    // A −1 the next day cannot take back yesterday's +1.
    s.tallies.add('no_app', 1, T0);
    expect(s.tallies.add('no_app', -1, T0 + DAY_MS)).toEqual({ no_app: 0, helped_install: 1 });
    expect(s.tallies.today(T0)).toEqual({ no_app: 1, helped_install: 0 });
  });
});

describe('kiosk store: retention', () => {
  it('purges everything older than the retention window, at open and on demand', () => {
    const s = open({ retentionDays: 21 });
    const old = slotOf(T0 - 22 * DAY_MS);
    const recent = slotOf(T0 - 20 * DAY_MS);
    s.applyFlush({
      encounters: [enc(1, old), enc(2, recent)],
      attendance: [
        { slot: old, bluezoneDevices: 1, gaenDevices: 0, continued: 0, presenceMs: 0 },
        { slot: recent, bluezoneDevices: 1, gaenDevices: 0, continued: 0, presenceMs: 0 },
      ],
    });
    s.slotKeys.getOrCreate(old, () => new Uint8Array(32).fill(1));
    s.slotKeys.getOrCreate(recent, () => new Uint8Array(32).fill(2));
    s.tallies.add('no_app', 1, old * SLOT_MS);
    s.close();
    const reopened = open({ retentionDays: 21 });
    expect(reopened.encounters.slot(old, true)).toEqual([]);
    expect(reopened.encounters.slot(recent, true)).toHaveLength(1);
    expect(reopened.slotKeys.range(0, slotOf(T0)).map((k) => k.slot)).toEqual([recent]);
    expect(reopened.attendance.range(0, slotOf(T0)).map((a) => a.slot)).toEqual([recent]);
    expect(reopened.tallies.today(old * SLOT_MS)).toEqual({ no_app: 0, helped_install: 0 });
    const later = T0 + 2 * DAY_MS;
    expect(reopened.purgeExpired(later)).toMatchObject({ encounters: 1, slotKeys: 1, attendance: 1 });
    expect(reopened.encounters.count()).toBe(0);
  });

  it('does not purge while the clock is unsynchronised', () => {
    const s = open();
    s.applyFlush({ encounters: [enc(1, slotOf(T0))], attendance: [] });
    clock.isSynced = false;
    // A Pi without RTC may believe it is years ahead.
    expect(s.purgeExpired(T0 + 3650 * DAY_MS)).toMatchObject({ encounters: 0 });
    expect(s.encounters.count()).toBe(1);
  });
});
