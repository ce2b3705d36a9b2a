// Retention (docs/architecture.md §4): encounters, slot keys, attendance and the F0 data derived
// for matching are deleted after `retentionDays` (21: 14-day tracing window + margin).
// Every table carries a `day` column with an index, so each purge is one range delete.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DAY_MS } from '../../shared/domain/slots.js';
import { daysBefore, localDayOf } from '../../shared/domain/local-day.js';

export interface PurgeResult {
  cutoff_day: number;
  encounters: number;
  slot_keys: number;
  attendance: number;
  f0_ids: number;
  f0_contacts: number;
  feed_batches: number;
  batches: number;
  sessions: number;
  seen_signatures: number;
  venue_days: number;
}

export class RetentionRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async purge(now: number, retentionDays: number): Promise<PurgeResult> {
    const cutoffDay = Math.floor(now / DAY_MS) - retentionDays;
    const cutoffMs = cutoffDay * DAY_MS;
    const n = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
    return this.db.transaction().execute(async (trx) => ({
      cutoff_day: cutoffDay,
      encounters: n(await trx.deleteFrom('encounters').where('day', '<', cutoffDay).executeTakeFirst()),
      slot_keys: n(await trx.deleteFrom('slot_keys').where('day', '<', cutoffDay).executeTakeFirst()),
      attendance: n(await trx.deleteFrom('attendance').where('day', '<', cutoffDay).executeTakeFirst()),
      f0_ids: n(await trx.deleteFrom('f0_ids').where('day', '<', cutoffDay).executeTakeFirst()),
      f0_contacts: n(await trx.deleteFrom('f0_contacts').where('day', '<', cutoffDay).executeTakeFirst()),
      // Published keys of slots past retention can no longer match anything on a phone.
      feed_batches: n(await trx.deleteFrom('feed_batches').where('max_slot', '<', cutoffDay * 96).executeTakeFirst()),
      batches: n(await trx.deleteFrom('batches').where('received_at', '<', cutoffMs).executeTakeFirst()),
      sessions: n(await trx.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst()),
      seen_signatures: n(await trx.deleteFrom('seen_signatures').where('expires_at', '<', now).executeTakeFirst()),
      // Days are local-date strings ('YYYY-MM-DD'), which sort as dates.
      venue_days: n(await trx.deleteFrom('venue_days').where('day', '<', daysBefore(localDayOf(now), retentionDays)).executeTakeFirst()),
    }));
  }
}
