// The databases the server tests run on, decided at runtime: SQLite always, PostgreSQL when
// 127.0.0.1:5432 answers. Each test server gets its own fresh schema (PG) or in-memory DB
// (SQLite), dropped afterwards.
//
// A backend that does not run must never vanish silently: with CI=true an unusable
// PostgreSQL fails every suite that imports this file; elsewhere the reason is written to
// test-results/skipped-backends/, and `npm test` (test/run-all.mjs) counts each test of a
// `describe.each(BACKENDS)('… on %s')` block that ran on SQLite alone as one skipped test.
// Suites keep that title shape ("… on sqlite" / "… on postgres") so the count stays exact.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../../../src-server/db/database.js';

export const PG_ADMIN_URL = process.env.BZ_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type BackendName = 'sqlite' | 'postgres';

function pgReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port: 5432 });
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    // No PostgreSQL on loopback is refused at once; the timeout only bites on a machine too
    // loaded to answer a connect quickly (500 ms was seen to drop PostgreSQL under load).
    sock.setTimeout(5_000, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/** null when PostgreSQL is usable, else why not. */
async function pgProblem(): Promise<string | null> {
  if (!(await pgReachable())) return 'nothing answers on 127.0.0.1:5432';
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (err) {
    return `PostgreSQL answers but is not usable (${String(err)})`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export const SKIPPED_BACKENDS_DIR = fileURLToPath(new URL('../../../../test-results/skipped-backends/', import.meta.url));

async function availableBackends(): Promise<BackendName[]> {
  const problem = await pgProblem();
  if (problem === null) return ['sqlite', 'postgres'];
  if (process.env.CI === 'true') {
    throw new Error(`CI=true and PostgreSQL is required: ${problem} (${PG_ADMIN_URL}); .ci/run starts it`);
  }
  process.stderr.write(`PostgreSQL tests not run: ${problem}\n`);
  mkdirSync(SKIPPED_BACKENDS_DIR, { recursive: true });
  writeFileSync(`${SKIPPED_BACKENDS_DIR}postgres.txt`, `${problem}\n`);
  return ['sqlite'];
}

export const BACKENDS: BackendName[] = await availableBackends();

export interface TestDatabase {
  handle: DatabaseHandle;
  url: string | null;
  schema: string | null;
  drop(): Promise<void>;
}

export async function createTestDatabase(backend: BackendName, migrate = true): Promise<TestDatabase> {
  if (backend === 'sqlite') {
    const handle = openDatabase({ databaseUrl: null, dataDir: ':memory:' });
    if (migrate) await migrateToLatest(handle);
    return { handle, url: null, schema: null, drop: () => handle.close() };
  }
  const schema = `bz_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const handle = openDatabase({ databaseUrl: PG_ADMIN_URL, dataDir: ':memory:', pgSchema: schema, pgPoolSize: 10 });
  if (migrate) await migrateToLatest(handle);
  return {
    handle,
    url: PG_ADMIN_URL,
    schema,
    drop: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
