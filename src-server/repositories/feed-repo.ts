// Storage of the exposure feed: Ed25519 signing keys (the active one signs, older ones stay
// published so caches signed before a rotation still verify) and the immutable batch files.
import type { Kysely } from 'kysely';
import type { Database, FeedBatchesTable, FeedKeysTable } from '../db/schema.js';

export interface VenueSlotKey {
  kiosk_id: string;
  slot: number;
  key_hex: string;
  /** The feed batch holding this key, or null when it was never published. */
  feed_batch_id: string | null;
  /** When that batch published it, Unix ms; null when never published. */
  published_at: number | null;
}

export class FeedRepo {
  constructor(private readonly db: Kysely<Database>) {}

  activeKey(): Promise<FeedKeysTable | undefined> {
    return this.db.selectFrom('feed_keys').selectAll().where('active', '=', 1).orderBy('created_at', 'desc').executeTakeFirst();
  }

  keys(): Promise<FeedKeysTable[]> {
    return this.db.selectFrom('feed_keys').selectAll().orderBy('created_at', 'desc').execute();
  }

  /** Makes `key` the only active key. */
  async addActiveKey(key: FeedKeysTable): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('feed_keys').set({ active: 0 }).execute();
      await trx.insertInto('feed_keys').values({ ...key, active: 1 }).execute();
    });
  }

  async insertBatch(b: FeedBatchesTable): Promise<void> {
    await this.db.insertInto('feed_batches').values(b).execute();
  }

  getBatch(id: string): Promise<FeedBatchesTable | undefined> {
    return this.db.selectFrom('feed_batches').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listBatches(): Promise<Pick<FeedBatchesTable, 'id' | 'created_at' | 'entry_count'>[]> {
    return this.db.selectFrom('feed_batches').select(['id', 'created_at', 'entry_count']).orderBy('created_at').orderBy('id').execute();
  }

  /** Every uploaded key of the venue in [fromSlot, toSlot] and whether the feed holds it. */
  async venueKeys(venueId: string, fromSlot: number, toSlot: number): Promise<VenueSlotKey[]> {
    const rows = await this.db
      .selectFrom('slot_keys as k')
      .leftJoin('feed_entries as f', (j) => j.onRef('f.kiosk_id', '=', 'k.kiosk_id').onRef('f.slot', '=', 'k.slot'))
      .select(['k.kiosk_id', 'k.slot', 'k.key_hex', 'f.feed_batch_id', 'f.published_at'])
      .where('k.venue_id', '=', venueId)
      .where('k.slot', '>=', fromSlot)
      .where('k.slot', '<=', toSlot)
      .orderBy('k.slot')
      .orderBy('k.kiosk_id')
      .execute();
    return rows.map((r) => ({ ...r, slot: Number(r.slot), published_at: r.published_at === null ? null : Number(r.published_at) }));
  }

  /**
   * Claims the keys for a new batch and stores it, in one transaction: a key another request
   * published meanwhile is not claimed (primary key (kiosk, slot)), so the feed holds each key
   * once. `build` makes the signed batch from the keys actually claimed; none claimed, no batch.
   */
  async publishOnce(
    batchId: string,
    venueId: string,
    keys: readonly VenueSlotKey[],
    now: number,
    build: (claimed: readonly VenueSlotKey[]) => FeedBatchesTable,
  ): Promise<FeedBatchesTable | null> {
    return this.db.transaction().execute(async (trx) => {
      const claimed: VenueSlotKey[] = [];
      for (const k of keys) {
        const r = await trx
          .insertInto('feed_entries')
          .values({ kiosk_id: k.kiosk_id, venue_id: venueId, slot: k.slot, day: Math.floor(k.slot / 96), feed_batch_id: batchId, published_at: now })
          .onConflict((oc) => oc.columns(['kiosk_id', 'slot']).doNothing())
          .returning(['kiosk_id'])
          .executeTakeFirst();
        if (r) claimed.push(k);
      }
      if (claimed.length === 0) return null;
      const batch = build(claimed);
      await trx.insertInto('feed_batches').values(batch).execute();
      return batch;
    });
  }

  slotKeysForVenue(venueId: string, fromSlot: number, toSlot: number): Promise<{ slot: number; key_hex: string }[]> {
    return this.db
      .selectFrom('slot_keys')
      .select(['slot', 'key_hex'])
      .where('venue_id', '=', venueId)
      .where('slot', '>=', fromSlot)
      .where('slot', '<=', toSlot)
      .orderBy('slot')
      .orderBy('kiosk_id')
      .execute();
  }
}
