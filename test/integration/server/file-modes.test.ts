// The server's SQLite database is readable by its owner only (issue 12 item 12): the folder
// 0700, the database and its WAL/SHM files 0600, also when they existed with looser modes.
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../../src-server/db/database.js';

const root = mkdtempSync(join(tmpdir(), 'bz-modes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mode = (p: string) => statSync(p).mode & 0o777;

describe('key server file modes', () => {
  it('creates the data folder 0700 and the database files 0600', async () => {
    const dir = join(root, 'fresh', 'server');
    const db = openDatabase({ databaseUrl: null, dataDir: dir });
    await migrateToLatest(db);
    expect(mode(dir)).toBe(0o700);
    for (const f of ['key-server.sqlite', 'key-server.sqlite-wal', 'key-server.sqlite-shm']) expect(mode(join(dir, f)), f).toBe(0o600);
    await db.close();
  });

  it('tightens an existing world-readable folder and file', async () => {
    const dir = join(root, 'old');
    openDatabase({ databaseUrl: null, dataDir: dir }).close();
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'key-server.sqlite'), 0o644);
    writeFileSync(join(dir, 'unrelated.txt'), 'x');
    const db = openDatabase({ databaseUrl: null, dataDir: dir });
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'key-server.sqlite'))).toBe(0o600);
    await db.close();
  });
});
