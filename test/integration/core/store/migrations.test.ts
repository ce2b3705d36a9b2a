import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadMigrations, migrate, migrationsDir, schemaVersion } from '../../../../src-main/core/store/migrate.js';
import { openKioskStore } from '../../../../src-main/core/store/kiosk-store.js';
import { FakeClock, T0, heartbeat, tempDir } from './store-fixtures.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const latest = loadMigrations().length;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function fromFixture(version: number): string {
  const path = join(dir, `v${version}.db`);
  const db = new Database(path);
  db.exec(readFileSync(join(fixtures, `v${version}.sql`), 'utf8'));
  expect(schemaVersion(db)).toBe(version);
  db.close();
  return path;
}

describe('migrations', () => {
  it('numbers every migration file without gaps and keeps a fixture per version', () => {
    const files = readdirSync(migrationsDir()).filter((f) => f.endsWith('.sql'));
    expect(files.length).toBe(latest);
    files.forEach((f, i) => expect(f.startsWith(String(i + 1).padStart(3, '0') + '_')).toBe(true));
    const fixtureFiles = readdirSync(fixtures).filter((f) => /^v\d+\.sql$/.test(f));
    expect(fixtureFiles.sort()).toEqual(Array.from({ length: latest }, (_, i) => `v${i + 1}.sql`).sort());
  });

  it('migrates an empty database to the latest version', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual(Array.from({ length: latest }, (_, i) => i + 1));
    expect(schemaVersion(db)).toBe(latest);
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  for (let version = 1; version <= latest; version++) {
    it(`migrates the v${version} fixture to the latest version and keeps its data usable`, () => {
      const clock = new FakeClock(T0 + 60_000);
      const store = openKioskStore({ path: fromFixture(version), clock });
      try {
        expect(store.recovered).toBe(false);
        expect(store.settings.get('kiosk_id')).toBe('kiosk-fixture-1');
        // v1's untrusted GAEN row is removed by 002 (GAEN phones are counted, never kept).
        expect(store.encounters.count()).toBe(2);
        expect(store.tallies.today(T0)).toEqual({ no_app: 2, helped_install: 0 });
        expect(store.outbox.next(T0 + 60_000)).toMatchObject({ attempts: 2 });
        expect(store.slotKeys.range(0, 10_000_000)).toHaveLength(1);
        // The fixture's unsealed rows go out on the next seal; the sealed/untrusted ones do not.
        expect(store.sealBatches(T0 + 60_000, heartbeat(T0))).toBe(1);
        const bodies: string[] = [];
        for (let e = store.outbox.next(T0 + 60_000); e; e = store.outbox.next(T0 + 60_000)) {
          bodies.push(JSON.stringify(e.body));
          store.outbox.ack(e.batchId);
        }
        const sealed = bodies.join('\n');
        expect(sealed).toContain('286BCE589AB994EFA5F73CAD');
        expect(sealed).not.toContain('9C25DF2D9861B31897EA3028');
        expect(sealed).not.toContain('00112233445566778899AABBCCDDEEFF');
      } finally {
        store.close();
      }
      const db = new Database(join(dir, `v${version}.db`));
      expect(schemaVersion(db)).toBe(latest);
      db.close();
    });
  }

  it('002 removes stored GAEN identifiers, also from queued batches, and refuses new ones', () => {
    const path = fromFixture(1);
    const raw = new Database(path);
    const gaenEnc = { visitor_id: 'AABBCCDDEEFF00112233445566778899', protocol: 'gaen', slot: 1899496, first_seen_min: 28492440, last_seen_min: 28492440, distance: 'far', checked_in: false };
    const bzEnc = { ...gaenEnc, visitor_id: '286BCE589AB994EFA5F73CAD', protocol: 'bluezone_android' };
    const body = { batch_id: 'b2', created_at: T0, encounters: [gaenEnc, bzEnc], slot_keys: [], attendance: [], heartbeat: heartbeat(T0) };
    raw.prepare("INSERT INTO outbox VALUES ('b2', 2, ?, ?, 0, ?, NULL)").run(JSON.stringify(body), T0, T0);
    raw.close();
    const store = openKioskStore({ path, clock: new FakeClock(T0 + 60_000) });
    store.close();
    const db = new Database(path);
    expect(db.prepare("SELECT COUNT(*) AS n FROM encounters WHERE protocol = 'gaen'").get()).toEqual({ n: 0 });
    const kept = JSON.parse((db.prepare("SELECT body FROM outbox WHERE batch_id = 'b2'").get() as { body: string }).body) as typeof body;
    expect(kept.encounters).toEqual([bzEnc]);
    expect(kept.heartbeat).toEqual(body.heartbeat);
    expect(() =>
      db.prepare("INSERT INTO encounters VALUES (1, '00112233445566778899AABBCCDDEEFF', 1, 'gaen', 0, 0, 1, -70, -70, 'far', 0, 0)").run(),
    ).toThrow(/gaen_not_stored/);
    db.close();
  });

  it('refuses a database written by a newer build', () => {
    const path = join(dir, 'new.db');
    const db = new Database(path);
    db.pragma(`user_version = ${latest + 1}`);
    db.close();
    expect(() => openKioskStore({ path, clock: new FakeClock(T0) })).toThrow(/schema_too_new/);
  });

  it('rolls back a failing migration and keeps the previous version', () => {
    const folder = join(dir, 'migrations');
    mkdirSync(folder);
    writeFileSync(join(folder, '001_a.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(folder, '002_b.sql'), 'CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);');
    const db = new Database(':memory:');
    expect(() => migrate(db, loadMigrations(folder))).toThrow(/migration_failed/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    db.close();
  });

  it('rejects gaps and badly named files', () => {
    const gap = join(dir, 'gap');
    mkdirSync(gap);
    writeFileSync(join(gap, '001_a.sql'), 'SELECT 1;');
    writeFileSync(join(gap, '003_c.sql'), 'SELECT 1;');
    expect(() => loadMigrations(gap)).toThrow(/migrations_invalid/);
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, '1-init.sql'), 'SELECT 1;');
    expect(() => loadMigrations(bad)).toThrow(/migrations_invalid/);
  });
});
