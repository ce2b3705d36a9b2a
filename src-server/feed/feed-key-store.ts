// Where the feed's private signing keys live (issue 12 item 12): one PEM file per key,
// `<BZ_FEED_KEY_DIR>/<key id>.pem`, mode 0600 in a 0700 folder, never in the database. The
// database keeps each key's id, public key and state, so the public keys stay published for
// batches signed before a rotation (docs/officials-api.md §5).
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.js';

export interface FeedKeyStore {
  /** The folder holding the key files, or null when keys live only in this process. */
  readonly location: string | null;
  /** The PKCS#8 PEM of the key, or undefined when this store does not hold it. */
  read(keyId: string): Promise<string | undefined>;
  /** Stores the key durably before it is used. */
  write(keyId: string, pem: string): Promise<void>;
  remove(keyId: string): Promise<void>;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

function fileName(keyId: string): string {
  if (!KEY_ID.test(keyId)) throw new Error(`feed key id ${JSON.stringify(keyId)} cannot name a file`);
  return `${keyId}.pem`;
}

export class FileFeedKeyStore implements FeedKeyStore {
  constructor(readonly location: string) {}

  /** Creates the folder 0700, or tightens it when it exists with a looser mode. */
  private async folder(): Promise<string> {
    await mkdir(this.location, { recursive: true, mode: 0o700 });
    if (((await stat(this.location)).mode & 0o777) !== 0o700) await chmod(this.location, 0o700);
    return this.location;
  }

  async read(keyId: string): Promise<string | undefined> {
    const file = join(await this.folder(), fileName(keyId));
    try {
      if (((await stat(file)).mode & 0o777) !== 0o600) await chmod(file, 0o600);
      return await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async write(keyId: string, pem: string): Promise<void> {
    const dir = await this.folder();
    const file = join(dir, fileName(keyId));
    // Written in full and flushed under a temporary name, then renamed: a crash never leaves a
    // half key under the real name. The mode is set at creation, so no reader sees it looser.
    const tmp = join(dir, `.${fileName(keyId)}.${randomBytes(6).toString('hex')}.tmp`);
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(pem);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await chmod(tmp, 0o600);
    await rename(tmp, file);
    const dh = await open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  }

  async remove(keyId: string): Promise<void> {
    await unlink(join(this.location, fileName(keyId))).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
}

/**
 * Keys held in this process only, for a server whose database is itself in memory
 * (`BZ_SERVER_DATA_DIR=:memory:` without `BZ_FEED_KEY_DIR`): both are gone when it stops.
 */
export class ProcessFeedKeyStore implements FeedKeyStore {
  readonly location = null;
  readonly #keys = new Map<string, string>();

  read(keyId: string): Promise<string | undefined> {
    return Promise.resolve(this.#keys.get(keyId));
  }

  write(keyId: string, pem: string): Promise<void> {
    this.#keys.set(keyId, pem);
    return Promise.resolve();
  }

  remove(keyId: string): Promise<void> {
    this.#keys.delete(keyId);
    return Promise.resolve();
  }
}

export function feedKeyStoreFor(feedKeyDir: string | null): FeedKeyStore {
  return feedKeyDir === null ? new ProcessFeedKeyStore() : new FileFeedKeyStore(feedKeyDir);
}

/**
 * Databases made before migration 008 hold each feed key's private PEM in
 * feed_keys.private_key_pem. Writes every such key to the store (durably), then blanks the
 * column; migration 008 refuses to run while any key is left in it, then drops it. Returns
 * how many keys were moved. Safe to repeat after a crash at any point.
 */
export async function moveDatabaseKeysToStore(handle: DatabaseHandle, store: FeedKeyStore): Promise<number> {
  let rows: { id: string; private_key_pem: string }[];
  try {
    const r = await sql<{ id: string; private_key_pem: string }>`SELECT id, private_key_pem FROM feed_keys WHERE private_key_pem <> ''`.execute(handle.db);
    rows = r.rows;
  } catch {
    // No feed_keys table yet (a new database) or no private_key_pem column (migrated already).
    return 0;
  }
  if (rows.length === 0) return 0;
  for (const row of rows) {
    const existing = await store.read(row.id);
    if (existing !== undefined && existing.trim() !== row.private_key_pem.trim()) {
      throw new Error(`feed key ${row.id}: ${store.location ?? 'the key store'} already holds a different key under this id; move that file away and start again`);
    }
    if (existing === undefined) await store.write(row.id, row.private_key_pem);
  }
  // Overwrite the freed bytes too, so the PEM does not linger in the SQLite file's free space.
  if (handle.dialect === 'sqlite') await sql`PRAGMA secure_delete = ON`.execute(handle.db);
  await sql`UPDATE feed_keys SET private_key_pem = '' WHERE private_key_pem <> ''`.execute(handle.db);
  return rows.length;
}

/** After the move and migration 008: rewrite the storage so no old copy of a key remains. */
export async function compactAfterKeyMove(handle: DatabaseHandle): Promise<void> {
  if (handle.dialect === 'sqlite') {
    await sql`VACUUM`.execute(handle.db);
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(handle.db);
  } else {
    await sql`VACUUM FULL feed_keys`.execute(handle.db);
  }
}
