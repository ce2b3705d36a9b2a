import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EncounterEngine } from '../../../../src-main/core/engine/encounter-engine.js';
import { openKioskStore } from '../../../../src-main/core/store/kiosk-store.js';
import { DAY_MS } from '../../../../shared/domain/slots.js';
import type { Sighting } from '../../../../shared/domain/types.js';
import { FakeClock, T0, bzId, tempDir } from './store-fixtures.js';

const NAMES = ['Galaxy A52 cua Lan', 'iPhone của Minh'];
const MAC_TEXT = /(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}/;
const MAC_BYTES = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x13, 0x37]);
// An unusual RSSI run that would show up if a trace were stored anywhere.
const TRACE = [-41, -97, -43, -95, -47, -93, -49, -91];

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function fileBytes(path: string): Buffer {
  return Buffer.concat(['', '-wal', '-shm'].filter((s) => existsSync(path + s)).map((s) => readFileSync(path + s)));
}

describe('nothing forbidden on disk', () => {
  it('stores no MAC, device name or RSSI trace even when the sighting object carries them', () => {
    const path = join(dir, 'privacy.db');
    const clock = new FakeClock(T0);
    const store = openKioskStore({ path, clock });
    const engine = new EncounterEngine({ store, clock });
    for (let i = 0; i < 50; i++) {
      TRACE.forEach((rssi, k) => {
        // What a careless radio adapter might pass along; the engine must ignore it.
        const leaky = { id: bzId(i), protocol: 'bluezone_android', rssi, at: T0 + k * 6000, trusted: true,
          address: 'de:ad:be:ef:13:37', addressBytes: MAC_BYTES, localName: NAMES[i % 2], rssiTrace: TRACE } as Sighting;
        engine.ingest(leaky);
      });
    }
    engine.dispose();
    store.sealBatches(T0 + 60_000, { version: 't', radio_state: 'scanning', clock_synced: true, queue_depth: 0, free_disk_mb: 1, sent_at: 0 });
    store.close();
    const bytes = fileBytes(path);
    expect(bytes.length).toBeGreaterThan(0);
    const latin = bytes.toString('latin1');
    expect(MAC_TEXT.test(latin)).toBe(false);
    expect(bytes.includes(MAC_BYTES)).toBe(false);
    for (const name of NAMES) expect(bytes.includes(Buffer.from(name, 'utf8'))).toBe(false);
    expect(latin).not.toContain(TRACE.join(','));
    // Schema: only aggregate columns exist.
    const db = new Database(path);
    const columns = (db.prepare("SELECT p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'").all() as { name: string }[]).map((c) => c.name);
    expect(columns.filter((c) => /mac|address|name|trace/i.test(c))).toEqual([]);
    expect((db.prepare('SELECT count FROM encounters LIMIT 1').get() as { count: number }).count).toBe(TRACE.length);
    db.close();
  });

  it('leaves no purged visitor ID readable in the file after retention', () => {
    const path = join(dir, 'purge.db');
    const clock = new FakeClock(T0);
    const store = openKioskStore({ path, clock });
    const engine = new EncounterEngine({ store, clock });
    const marker = 'ABCDEF0123456789ABCDEF01';
    engine.ingest({ id: marker, protocol: 'bluezone_android', rssi: -60, at: T0, trusted: true });
    engine.dispose();
    expect(fileBytes(path).includes(Buffer.from(marker))).toBe(true);
    store.purgeExpired(T0 + 22 * DAY_MS);
    store.close();
    expect(fileBytes(path).includes(Buffer.from(marker))).toBe(false);
  });
});
