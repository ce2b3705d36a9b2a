// Migration runner: numbered, append-only SQL files in ./migrations (NNN_name.sql),
// applied in order, each in its own transaction together with PRAGMA user_version, so
// a crash mid-migration leaves the previous version intact.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { StoreError } from './store-error.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/**
 * The migrations folder. tsc does not copy .sql files: `npm run build` copies them next to
 * the compiled runner; after a bare `tsc -b` (as in `npm test`) the runner falls back to the
 * source folder (dist/src-main/core/store -> src-main/core/store).
 */
export function migrationsDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [join(here, 'migrations'), join(here, '..', '..', '..', '..', 'src-main', 'core', 'store', 'migrations')];
  const found = candidates.find((dir) => existsSync(join(dir, '001_init.sql')));
  if (!found) throw new StoreError('migrations_missing', 'no migrations folder found', { candidates });
  return found;
}

export function loadMigrations(dir: string = migrationsDir()): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const migrations = files.map((file, i) => {
    const m = FILE.exec(file);
    if (!m) throw new StoreError('migrations_invalid', `bad migration file name ${file}`, { file });
    const version = Number(m[1]);
    // Gaps or duplicates would make user_version ambiguous.
    if (version !== i + 1) throw new StoreError('migrations_invalid', `expected migration ${i + 1}, found ${file}`, { file });
    return { version, name: m[2] ?? '', sql: readFileSync(join(dir, file), 'utf8') };
  });
  if (migrations.length === 0) throw new StoreError('migrations_missing', 'migrations folder is empty', { dir });
  return migrations;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the database to the latest version; returns the versions applied. */
export function migrate(db: Database, migrations: readonly Migration[] = loadMigrations()): number[] {
  const current = schemaVersion(db);
  const latest = migrations.length;
  if (current > latest) {
    throw new StoreError('schema_too_new', `database is at version ${current}, this build knows ${latest}`, { current, latest });
  }
  const applied: number[] = [];
  for (const m of migrations.slice(current)) {
    try {
      db.transaction(() => {
        db.exec(m.sql);
        // PRAGMA takes no bound parameters; version is an integer from the file name.
        db.pragma(`user_version = ${m.version}`);
      })();
    } catch (err) {
      throw new StoreError('migration_failed', `migration ${m.version}_${m.name} failed`, { version: m.version }, { cause: err });
    }
    applied.push(m.version);
  }
  return applied;
}
