// Opening the SQLite file: pragmas, integrity check, and recovery from a damaged file.
// A kiosk must come back on its own after an SD-card fault, so a file that fails
// quick_check (or is not a database at all) is moved aside under a timestamped name
// (kept for diagnosis, not deleted) and a fresh database takes its place; the caller
// raises the staff alert `storage_recovered`.
import { existsSync, renameSync } from 'node:fs';
import Database from 'better-sqlite3';
import { isCorruption } from './store-error.js';
import type { StoreLog } from './store-types.js';

export type Durability = 'normal' | 'full';

export interface OpenedDatabase {
  readonly db: Database.Database;
  /** Set when a damaged file was moved aside; holds its new path. */
  readonly movedAsideTo?: string;
}

class IntegrityError extends Error {
  readonly code = 'SQLITE_CORRUPT_QUICK_CHECK';
}

function configure(db: Database.Database, durability: Durability): void {
  db.pragma('journal_mode = WAL');
  // Durability trade-off in WAL mode:
  // - NORMAL: fsync only at checkpoints. A process crash (kill -9, OOM) loses nothing
  //   committed, because committed frames are already in the OS page cache; a power
  //   cut rolls back every transaction since the last checkpoint reached the disk: the
  //   power-cut VM test (`npm run vm:power-cut`) lost all flushes of each run, not ~1 s.
  // - FULL: fsync of the WAL on every commit. Survives power cuts; costs one fsync per
  //   flush (once a second), which an SD card handles, so FULL is the default: kiosks
  //   get unplugged.
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Purged visitor IDs must not linger in free pages of the file.
  db.pragma('secure_delete = ON');
  // Keep the WAL from growing without bound on a small SD card.
  db.pragma('journal_size_limit = 8388608');
}

function quickCheck(db: Database.Database): void {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  if (rows.length !== 1 || rows[0]?.quick_check !== 'ok') {
    throw new IntegrityError(`quick_check failed: ${rows.map((r) => r.quick_check).slice(0, 3).join('; ')}`);
  }
}

function moveAside(path: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const target = `${path}.corrupt-${stamp}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  }
  return target;
}

/**
 * Opens, configures, checks and initialises (`init`, e.g. migrations) the database.
 * Corruption found at any of these steps triggers the move-aside recovery.
 */
export function openDatabase(
  path: string,
  durability: Durability,
  now: number,
  log: StoreLog,
  init: (db: Database.Database) => void,
): OpenedDatabase {
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    configure(db, durability);
    quickCheck(db);
    init(db);
    return { db };
  } catch (err) {
    db?.close();
    if (!(err instanceof IntegrityError) && !isCorruption(err)) throw err;
    if (path === ':memory:') throw err;
    const movedAsideTo = moveAside(path, now);
    log('store_recovered', { reason: err instanceof Error ? err.message : String(err), moved_to: movedAsideTo }, 'error');
    const fresh = new Database(path);
    try {
      configure(fresh, durability);
      init(fresh);
    } catch (freshErr) {
      fresh.close();
      throw freshErr;
    }
    return { db: fresh, movedAsideTo };
  }
}
