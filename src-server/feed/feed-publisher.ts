// The signed exposure feed, modelled on exposure-notifications-server's export: immutable,
// cacheable batch files plus an index, each signed with the server's Ed25519 feed key.
// Entries use Bluezone's own daily-key entry format {daily_key, time_start, time_end, max} so
// unmodified phones match the kiosk's slot IDs (docs/protocol.md §4.2–§4.3: one widened window each).
import { createPrivateKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeedBatchFile, FeedIndexFile } from '../../shared/api/server-api.js';
import { publishedSlotEntry } from '../../shared/protocol/kiosk-slot-key.js';
import type { FeedKeysTable } from '../db/schema.js';
import type { FeedRepo, VenueSlotKey } from '../repositories/feed-repo.js';
import type { FeedKeyStore } from './feed-key-store.js';
import { newEd25519KeyPair, rawFromPublicKey, signEd25519 } from '../auth/ed25519.js';

export interface SignedDocument {
  body: string;
  signature: string;
  keyId: string;
}

export const FEED_BASE_PATH = '/v1/feed';

/** The active key: its published identity and the private key that signs. */
export interface ActiveFeedKey {
  readonly id: string;
  readonly public_key: string;
  readonly signer: KeyObject;
}

export class FeedPublisher {
  /** Private keys already read from the store, by key id (a key's content never changes). */
  readonly #signers = new Map<string, KeyObject>();

  constructor(
    private readonly repo: FeedRepo,
    private readonly keys: FeedKeyStore,
    private readonly feedDir: string | null,
    private readonly now: () => number,
  ) {}

  /**
   * Creates and activates a new signing key: its private key is written to the key store
   * before the database names it active, and the retired keys' private files are removed.
   * Their public keys stay published (keys.json) so batches they signed still verify.
   */
  async rotateKey(): Promise<FeedKeysTable> {
    const { publicKey, privateKey } = newEd25519KeyPair();
    const key: FeedKeysTable = {
      id: `fk-${randomUUID().slice(0, 8)}`,
      public_key: rawFromPublicKey(publicKey).toString('base64'),
      created_at: this.now(),
      active: 1,
    };
    await this.keys.write(key.id, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    await this.repo.addActiveKey(key);
    this.#signers.set(key.id, privateKey);
    for (const old of await this.repo.keys()) {
      if (old.id !== key.id) await this.keys.remove(old.id);
    }
    return key;
  }

  /**
   * The key that signs now. With none, or when the active key's file is gone (lost, or a
   * database shared with a process that kept its keys in memory), a new key is made: the old
   * public key stays published, so what it signed still verifies.
   */
  async activeKey(): Promise<ActiveFeedKey> {
    const row = await this.repo.activeKey();
    if (row) {
      let signer = this.#signers.get(row.id);
      if (!signer) {
        const pem = await this.keys.read(row.id);
        if (pem !== undefined) {
          signer = createPrivateKey(pem);
          this.#signers.set(row.id, signer);
        }
      }
      if (signer) return { id: row.id, public_key: row.public_key, signer };
    }
    const fresh = await this.rotateKey();
    return { id: fresh.id, public_key: fresh.public_key, signer: this.#signers.get(fresh.id)! };
  }

  private async sign(body: string): Promise<SignedDocument> {
    const key = await this.activeKey();
    const sig = signEd25519(key.signer, body).toString('base64');
    return { body, signature: sig, keyId: key.id };
  }

  /**
   * Publishes those of the given keys that the feed does not hold yet, as one batch. Returns
   * null when every key was already published (by this exposure or another at the venue).
   */
  async publishMissing(exposureId: string, venueId: string, keys: readonly VenueSlotKey[]): Promise<{ id: string; entries: number } | null> {
    const created = this.now();
    const key = await this.activeKey();
    const signer = key.signer;
    // Sortable, unguessable-enough id: creation time then random bits.
    const id = `${created.toString(36)}-${randomBytes(4).toString('hex')}`;
    const batch = await this.repo.publishOnce(id, venueId, keys.filter((k) => k.feed_batch_id === null), created, (claimed) => {
      const file: FeedBatchFile = {
        format: 'bluezone-kiosk-feed-v1',
        id,
        created_at: created,
        key_id: key.id,
        data: claimed.map((k) => publishedSlotEntry(k.slot, k.key_hex)),
      };
      const body = JSON.stringify(file);
      return {
        id,
        created_at: created,
        exposure_id: exposureId,
        key_id: key.id,
        body,
        signature: signEd25519(signer, body).toString('base64'),
        entry_count: file.data.length,
        max_slot: claimed.reduce((m, k) => Math.max(m, k.slot), 0),
      };
    });
    if (!batch) return null;
    if (this.feedDir) {
      await this.writeFile(`${id}.json`, { body: batch.body, signature: batch.signature, keyId: batch.key_id });
      await this.writeFile('index.json', await this.index());
    }
    return { id, entries: batch.entry_count };
  }

  async index(): Promise<SignedDocument> {
    const key = await this.activeKey();
    const batches = await this.repo.listBatches();
    const file: FeedIndexFile = {
      format: 'bluezone-kiosk-feed-index-v1',
      generated_at: this.now(),
      key_id: key.id,
      batches: batches.map((b) => ({ id: b.id, url: `${FEED_BASE_PATH}/${b.id}.json`, created_at: b.created_at, entries: b.entry_count })),
    };
    return this.sign(JSON.stringify(file));
  }

  async batch(id: string): Promise<SignedDocument | undefined> {
    const b = await this.repo.getBatch(id);
    return b ? { body: b.body, signature: b.signature, keyId: b.key_id } : undefined;
  }

  /** Writes the file and its detached signature atomically (temp file + rename) for a CDN. */
  private async writeFile(name: string, doc: SignedDocument): Promise<void> {
    const dir = this.feedDir!;
    await mkdir(dir, { recursive: true });
    for (const [file, content] of [
      [name, doc.body],
      [`${name}.sig`, JSON.stringify({ key_id: doc.keyId, signature: doc.signature })],
    ] as const) {
      const tmp = join(dir, `.${file}.${process.pid}.tmp`);
      await writeFile(tmp, content);
      await rename(tmp, join(dir, file));
    }
  }
}
