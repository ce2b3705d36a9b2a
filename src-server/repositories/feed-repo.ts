// Storage of the exposure feed: Ed25519 signing keys (the active one signs, older ones stay
// published so caches signed before a rotation still verify) and the immutable batch files.
import type { Kysely } from 'kysely';
import type { Database, FeedBatchesTable, FeedKeysTable } from '../db/schema.js';

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
