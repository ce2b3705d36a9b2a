// Migration 005: the exposure lifecycle (docs/architecture.md §5).
//  - feed_entries: which kiosk slot keys the feed holds, one row per (kiosk, slot), so a key is
//    published once however often officials press "notify visitors"; existing feed batches
//    are read back into it so nothing already published is published again.
//  - exposures.publication: the per-slot-range breakdown (published / unpublished / no key),
//    refreshed whenever the exposure, its venue's keys or the feed change; NULL until then.
//  - notice_deliveries: when each kiosk fetched a venue notice and when its staff
//    acknowledged it.
import { sql, type Kysely } from 'kysely';
import { kioskBroadcastId } from '../../../shared/protocol/bluezone-infof.js';

const STATEMENTS = [
  `CREATE TABLE feed_entries (kiosk_id TEXT NOT NULL, venue_id TEXT NOT NULL, slot INTEGER NOT NULL, day INTEGER NOT NULL,
    feed_batch_id TEXT NOT NULL, published_at BIGINT NOT NULL, PRIMARY KEY (kiosk_id, slot))`,
  `CREATE INDEX feed_entries_venue_slot ON feed_entries (venue_id, slot)`,
  `CREATE INDEX feed_entries_day ON feed_entries (day)`,
  `ALTER TABLE exposures ADD COLUMN publication TEXT`,
  `CREATE TABLE notice_deliveries (notice_id TEXT NOT NULL, kiosk_id TEXT NOT NULL, fetched_at BIGINT NOT NULL,
    acknowledged_at BIGINT, PRIMARY KEY (notice_id, kiosk_id))`,
];

interface OldBatch {
  id: string;
  created_at: number | string;
  body: string;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  // Entries of v1 batches started on the slot boundary: slot = time_start / 900.
  const batches = await sql<OldBatch>`SELECT id, created_at, body FROM feed_batches`.execute(db);
  for (const b of batches.rows) {
    const data = (JSON.parse(b.body) as { data?: { daily_key: string; time_start: number }[] }).data ?? [];
    for (const e of data) {
      const slot = Math.floor(e.time_start / 900);
      const keys = await sql<{ kiosk_id: string; venue_id: string }>`
        SELECT kiosk_id, venue_id FROM slot_keys WHERE broadcast_id = ${kioskBroadcastId(e.daily_key)} AND slot = ${slot}`.execute(db);
      for (const k of keys.rows) {
        await sql`INSERT INTO feed_entries (kiosk_id, venue_id, slot, day, feed_batch_id, published_at)
          VALUES (${k.kiosk_id}, ${k.venue_id}, ${slot}, ${Math.floor(slot / 96)}, ${b.id}, ${Number(b.created_at)})
          ON CONFLICT (kiosk_id, slot) DO NOTHING`.execute(db);
      }
    }
  }
}
