// The databases the server tests run on, decided at runtime: SQLite always, PostgreSQL when
// 127.0.0.1:5432 answers. Each test server gets its own fresh schema (PG) or in-memory DB
// (SQLite), dropped afterwards.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
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
    sock.setTimeout(500, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

async function pgUsable(): Promise<boolean> {
  if (!(await pgReachable())) return false;
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch (err) {
    process.stderr.write(`PostgreSQL answers but is not usable (${String(err)}); PG tests not run\n`);
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export const BACKENDS: BackendName[] = (await pgUsable()) ? ['sqlite', 'postgres'] : ['sqlite'];

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
