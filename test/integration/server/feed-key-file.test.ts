// The feed signing key in a file of its own (issue 12 item 12): 0600 in a 0700 folder, never
// in the database; rotation writes the new key's file and retires the old one's while its
// public key stays published; an older database's key is moved to its file on start, and
// the feed still verifies. On SQLite (on disk, so its bytes can be searched) and PostgreSQL.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src-server/app.js';
import { loadConfig } from '../../../src-server/config.js';
import { migrateTo, migrateToLatest, openDatabase, type DatabaseHandle } from '../../../src-server/db/database.js';
import { FileFeedKeyStore } from '../../../src-server/feed/feed-key-store.js';
import { publicKeyFromRaw, rawFromPublicKey, verifyEd25519 } from '../../../src-server/auth/ed25519.js';
import { rotateFeedKey } from '../../../src-server/cli-commands.js';
import { BACKENDS, createTestDatabase, type BackendName } from './helpers/backends.js';

const root = mkdtempSync(join(tmpdir(), 'bz-feed-keys-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mode = (p: string) => statSync(p).mode & 0o777;
/** The base64 body of a PEM: what would show in a database file or dump holding the key. */
const pemBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

interface Db {
  handle: DatabaseHandle;
  /** SQLite's files, to search their bytes; empty on PostgreSQL. */
  files: () => string[];
  drop: () => Promise<void>;
}

async function database(backend: BackendName, name: string): Promise<Db> {
  if (backend === 'postgres') {
    const t = await createTestDatabase('postgres', false);
    return { handle: t.handle, files: () => [], drop: () => t.drop() };
  }
  const dir = join(root, name, 'db');
  const handle = openDatabase({ databaseUrl: null, dataDir: dir });
  return { handle, files: () => readdirSync(dir).map((f) => join(dir, f)), drop: () => handle.close() };
}

async function app(db: Db, keyDir: string): Promise<FastifyInstance> {
  const a = await buildApp({ config: loadConfig({ BZ_SERVER_DATA_DIR: ':memory:', BZ_FEED_KEY_DIR: keyDir }), database: db.handle, logger: false });
  await a.ready();
  return a;
}

async function publishedKeys(a: FastifyInstance): Promise<{ key_id: string; public_key: string; active: boolean }[]> {
  return (await a.inject({ method: 'GET', url: '/v1/feed/keys.json' })).json<{ keys: { key_id: string; public_key: string; active: boolean }[] }>().keys;
}

/** Fetches the signed index and checks its signature against keys.json; returns its key id and text. */
async function verifiedIndex(a: FastifyInstance): Promise<{ keyId: string; body: string; signature: string }> {
  const r = await a.inject({ method: 'GET', url: '/v1/feed/index.json' });
  expect(r.statusCode, r.body).toBe(200);
  const keyId = String(r.headers['x-feed-key-id']);
  const signature = String(r.headers['x-feed-signature']);
  const key = (await publishedKeys(a)).find((k) => k.key_id === keyId);
  expect(key, `key ${keyId} published`).toBeDefined();
  expect(verifyEd25519(publicKeyFromRaw(Buffer.from(key!.public_key, 'base64')), r.body, Buffer.from(signature, 'base64'))).toBe(true);
  return { keyId, body: r.body, signature };
}

/** Fails when any trace of the key is in the database: its column, its rows, its files' bytes. */
async function expectKeyNotInDatabase(db: Db, pem: string) {
  const rows = await db.handle.db.selectFrom('feed_keys').selectAll().execute();
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(Object.keys(row).sort()).toEqual(['active', 'created_at', 'id', 'public_key']);
  expect(JSON.stringify(rows)).not.toContain(pemBody(pem).slice(0, 40));
  expect(JSON.stringify(rows)).not.toMatch(/PRIVATE KEY/);
  for (const f of db.files()) {
    const bytes = readFileSync(f).toString('latin1');
    expect(bytes.includes(pemBody(pem)), `${f} holds the key`).toBe(false);
    expect(bytes.includes('PRIVATE KEY'), `${f} holds a PEM`).toBe(false);
  }
}

describe.each(BACKENDS)('feed signing key file on %s', (backend) => {
  it('keeps the key in a 0600 file in a 0700 folder, not in the database; rotation writes the new one and retires the old file', async () => {
    const keyDir = join(root, `${backend}-fresh`, 'feed-keys');
    const db = await database(backend, `${backend}-fresh`);
    await migrateToLatest(db.handle);
    const a = await app(db, keyDir);
    try {
      const first = await verifiedIndex(a);
      const firstFile = join(keyDir, `${first.keyId}.pem`);
      expect(mode(keyDir)).toBe(0o700);
      expect(mode(firstFile)).toBe(0o600);
      const firstPem = readFileSync(firstFile, 'utf8');
      expect(firstPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      // The file is the key keys.json publishes.
      const published = (await publishedKeys(a)).find((k) => k.key_id === first.keyId)!;
      expect(rawFromPublicKey(createPublicKey(createPrivateKey(firstPem))).toString('base64')).toBe(published.public_key);

      // Rotation by the admin command: a new file, the old one gone, both public keys published.
      const rotated = await rotateFeedKey(a.services);
      expect(rotated.key_id).not.toBe(first.keyId);
      expect(mode(join(keyDir, `${rotated.key_id}.pem`))).toBe(0o600);
      expect(existsSync(firstFile)).toBe(false);
      const keys = await publishedKeys(a);
      expect(keys.map((k) => [k.key_id, k.active]).sort()).toEqual([[first.keyId, false], [rotated.key_id, true]].sort());
      const second = await verifiedIndex(a);
      expect(second.keyId).toBe(rotated.key_id);
      // What the old key signed still verifies with its published public key.
      const old = keys.find((k) => k.key_id === first.keyId)!;
      expect(verifyEd25519(publicKeyFromRaw(Buffer.from(old.public_key, 'base64')), first.body, Buffer.from(first.signature, 'base64'))).toBe(true);
      await a.close();
      // SQLite is closed first, so its WAL is folded into the file whose bytes are searched.
      if (backend === 'sqlite') await db.handle.close();
      const reopened: Db = backend === 'sqlite' ? { ...db, handle: openDatabase({ databaseUrl: null, dataDir: join(root, `${backend}-fresh`, 'db') }) } : db;
      await expectKeyNotInDatabase(reopened, firstPem);
      await expectKeyNotInDatabase(reopened, readFileSync(join(keyDir, `${rotated.key_id}.pem`), 'utf8'));
      if (backend === 'sqlite') await reopened.drop();
    } finally {
      if (backend === 'postgres') await db.drop();
    }
  });

  it('tightens a key folder and file found with looser modes', async () => {
    const keyDir = join(root, `${backend}-loose`, 'feed-keys');
    const db = await database(backend, `${backend}-loose`);
    await migrateToLatest(db.handle);
    const a = await app(db, keyDir);
    try {
      const { keyId } = await verifiedIndex(a);
      await a.close();
      chmodSync(keyDir, 0o755);
      chmodSync(join(keyDir, `${keyId}.pem`), 0o644);
      const b = await app(db, keyDir);
      expect((await verifiedIndex(b)).keyId).toBe(keyId);
      expect(mode(keyDir)).toBe(0o700);
      expect(mode(join(keyDir, `${keyId}.pem`))).toBe(0o600);
      await b.close();
    } finally {
      await db.drop();
    }
  });

  it('moves the key of a database made before migration 008 to its file on start, and the feed still verifies', async () => {
    const name = `${backend}-old`;
    const keyDir = join(root, name, 'feed-keys');
    const db = await database(backend, name);
    try {
      await migrateTo(db.handle, '007-report-campaigns');
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const publicB64 = rawFromPublicKey(publicKey).toString('base64');
      // The row as migrations 001–007 made it, private key included.
      await db.handle.db.insertInto('feed_keys').values({ id: 'fk-old00001', public_key: publicB64, private_key_pem: pem, created_at: Date.now(), active: 1 } as never).execute();

      // Migrating without a key folder would drop the key: refused, and the key is still there.
      await expect(migrateToLatest(db.handle)).rejects.toThrow(/feed signing keys are still in the database/);
      const still = (await db.handle.db.selectFrom('feed_keys').selectAll().execute()) as unknown as { private_key_pem: string }[];
      expect(still[0]?.private_key_pem).toBe(pem);

      // What start-up does (main.ts and cli.js): move, then migrate.
      expect(await migrateToLatest(db.handle, new FileFeedKeyStore(keyDir))).toContain('008-feed-key-files');
      const file = join(keyDir, 'fk-old00001.pem');
      expect(readFileSync(file, 'utf8')).toBe(pem);
      expect(mode(file)).toBe(0o600);
      expect(mode(keyDir)).toBe(0o700);
      // A second start finds nothing to move and nothing to migrate.
      expect(await migrateToLatest(db.handle, new FileFeedKeyStore(keyDir))).toEqual([]);

      const a = await app(db, keyDir);
      const index = await verifiedIndex(a);
      // Signed by the moved key itself, not by a replacement.
      expect(index.keyId).toBe('fk-old00001');
      expect((await publishedKeys(a)).map((k) => k.key_id)).toEqual(['fk-old00001']);
      await a.close();
      if (backend === 'sqlite') {
        await db.handle.close();
        await expectKeyNotInDatabase({ ...db, handle: openDatabase({ databaseUrl: null, dataDir: join(root, name, 'db') }) }, pem);
      } else {
        await expectKeyNotInDatabase(db, pem);
      }
    } finally {
      if (backend === 'postgres') await db.drop();
    }
  });
});

describe('feed key folder configuration', () => {
  it('defaults to feed-keys beside the SQLite file, follows BZ_FEED_KEY_DIR, and keeps keys in the process only for an in-memory server', () => {
    const dataDir = join(root, 'cfg');
    mkdirSync(dataDir, { recursive: true });
    expect(loadConfig({ BZ_SERVER_DATA_DIR: dataDir }).feedKeyDir).toBe(join(dataDir, 'feed-keys'));
    expect(loadConfig({ BZ_SERVER_DATA_DIR: dataDir, BZ_FEED_KEY_DIR: join(root, 'elsewhere') }).feedKeyDir).toBe(join(root, 'elsewhere'));
    expect(loadConfig({ BZ_SERVER_DATA_DIR: ':memory:' }).feedKeyDir).toBeNull();
  });
});
