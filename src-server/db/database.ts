// Opens the server's database behind one Kysely interface: SQLite (better-sqlite3) by
// default, PostgreSQL (pg) when a URL is given. All SQL lives in repositories on top of it.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import type { Database } from './schema.js';
import { migrationProvider } from './migrations/index.js';
import { compactAfterKeyMove, moveDatabaseKeysToStore, type FeedKeyStore } from '../feed/feed-key-store.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… or null for SQLite. */
  readonly databaseUrl: string | null;
  /** SQLite file directory; ':memory:' for an in-memory database. */
  readonly dataDir: string;
  /** PostgreSQL schema to use (search_path); tests run each in a fresh schema. */
  readonly pgSchema?: string;
  readonly pgPoolSize?: number;
}

// pg returns BIGINT (int8) and NUMERIC (SUM of bigint) as strings; our values are Unix ms
// and counts, all far below 2^53, so numbers are safe. Set per pool, not globally.
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

export function openDatabase(opts: DatabaseOptions): DatabaseHandle {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.pgPoolSize ?? 20,
      types: pgTypes,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  let file = ':memory:';
  if (opts.dataDir !== ':memory:') {
    // The file holds password hashes, visitor IDs and health data: owner-only, 0600 in 0700.
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    chmodSync(opts.dataDir, 0o700);
    file = join(opts.dataDir, 'key-server.sqlite');
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  }
  const sqlite = new SQLite(file);
  // WAL: readers do not block the single writer; NORMAL sync is durable across app crashes.
  sqlite.pragma('journal_mode = WAL');
  for (const side of [`${file}-wal`, `${file}-shm`]) if (file !== ':memory:' && existsSync(side)) chmodSync(side, 0o600);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

const STATEMENT_CACHE_SIZE = 200;

/**
 * Kysely prepares every query anew; for the 500-row upserts of a batch, preparing costs as
 * much as running. Queries are parameterised, so their SQL text repeats and the compiled
 * statement can be reused. Safe because Kysely runs one query at a time on this connection.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (stmt) {
        cache.delete(text);
      } else {
        stmt = sqlite.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, stmt);
      return stmt;
    },
  };
}

export class MigrationError extends Error {
  readonly code = 'migration_failed';
}

/**
 * Applies pending migrations; returns the names applied in this call. With a feed key store,
 * feed signing keys that an older database holds are first moved to it (migration 008 drops
 * the column and refuses while a key is left in it).
 */
export async function migrateToLatest(handle: DatabaseHandle, feedKeys?: FeedKeyStore): Promise<string[]> {
  const moved = feedKeys ? await moveDatabaseKeysToStore(handle, feedKeys) : 0;
  const applied = await migrate(handle);
  if (moved > 0) await compactAfterKeyMove(handle);
  return applied;
}

/** Applies migrations up to and including `target` (data-migration tests start there). */
export function migrateTo(handle: DatabaseHandle, target: string): Promise<string[]> {
  return migrate(handle, target);
}

async function migrate(handle: DatabaseHandle, target?: string): Promise<string[]> {
  const db = handle.db;
  // Kysely looks for its bookkeeping tables in every schema unless told which one; on a
  // shared PostgreSQL server another schema's tables would make it skip creating ours.
  let migrationTableSchema: string | undefined;
  if (handle.dialect === 'postgres') {
    const r = await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db);
    migrationTableSchema = r.rows[0]?.s;
  }
  const migrator = new Migrator({ db, provider: migrationProvider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error, results } = target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (error) {
    throw new MigrationError(`migration failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
