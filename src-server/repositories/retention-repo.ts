// Retention (docs/architecture.md §4): encounters, slot keys, attendance and the F0 data derived
// for matching are deleted after `retentionDays` (21: 14-day tracing window + margin).
// Every table carries a `day` column with an index, so each purge is one range delete.
// F0 cases (with their free-text reference) go once their infectious window has ended
// `retentionDays` ago, with their exposures and the notices about them; venue notices and
// enrollment codes go after the same period. The audit log has its own, explicit and longer
// period (`auditRetentionDays`, default 365), so access to health data stays reviewable
// after the data itself is gone.
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
  feed_entries: number;
  batches: number;
  sessions: number;
  seen_signatures: number;
  f0_cases: number;
  exposures: number;
  notices: number;
  enrollment_codes: number;
  audit_log: number;
  login_throttle: number;
  venue_days: number;
}

export class RetentionRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async purge(now: number, retentionDays: number, auditRetentionDays = 365): Promise<PurgeResult> {
    const cutoffDay = Math.floor(now / DAY_MS) - retentionDays;
    const cutoffMs = cutoffDay * DAY_MS;
    const n = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
    const cutoffSlot = cutoffDay * 96;
    const auditCutoff = now - auditRetentionDays * DAY_MS;
    return this.db.transaction().execute(async (trx) => {
      const oldCases = trx.selectFrom('f0_cases').select('id').where('to_slot', '<', cutoffSlot);
      const oldExposures = trx.selectFrom('exposures').select('id').where('case_id', 'in', oldCases);
      const notices =
        n(await trx.deleteFrom('notices').where('exposure_id', 'in', oldExposures).executeTakeFirst()) +
        n(await trx.deleteFrom('notices').where('created_at', '<', cutoffMs).executeTakeFirst());
      const exposures = n(await trx.deleteFrom('exposures').where('case_id', 'in', oldCases).executeTakeFirst());
      const caseIds = n(await trx.deleteFrom('f0_ids').where('case_id', 'in', oldCases).executeTakeFirst());
      const caseContacts = n(await trx.deleteFrom('f0_contacts').where('case_id', 'in', oldCases).executeTakeFirst());
      const f0Cases = n(await trx.deleteFrom('f0_cases').where('to_slot', '<', cutoffSlot).executeTakeFirst());
      const rest = await this.purgeByDay(trx, now, cutoffDay, cutoffMs);
      return {
        ...rest,
        f0_ids: rest.f0_ids + caseIds,
        f0_contacts: rest.f0_contacts + caseContacts,
        f0_cases: f0Cases,
        exposures,
        notices,
        enrollment_codes: n(await trx.deleteFrom('enrollment_codes').where('expires_at', '<', cutoffMs).executeTakeFirst()),
        audit_log: n(await trx.deleteFrom('audit_log').where('at', '<', auditCutoff).executeTakeFirst()),
        login_throttle: n(await trx.deleteFrom('login_throttle').where('window_until', '<=', now).executeTakeFirst()),
      };
    });
  }

  private async purgeByDay(trx: Kysely<Database>, now: number, cutoffDay: number, cutoffMs: number) {
    const n = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
    return {
      cutoff_day: cutoffDay,
      encounters: n(await trx.deleteFrom('encounters').where('day', '<', cutoffDay).executeTakeFirst()),
      slot_keys: n(await trx.deleteFrom('slot_keys').where('day', '<', cutoffDay).executeTakeFirst()),
      attendance: n(await trx.deleteFrom('attendance').where('day', '<', cutoffDay).executeTakeFirst()),
      f0_ids: n(await trx.deleteFrom('f0_ids').where('day', '<', cutoffDay).executeTakeFirst()),
      f0_contacts: n(await trx.deleteFrom('f0_contacts').where('day', '<', cutoffDay).executeTakeFirst()),
      // Published keys of slots past retention can no longer match anything on a phone.
      feed_batches: n(await trx.deleteFrom('feed_batches').where('max_slot', '<', cutoffDay * 96).executeTakeFirst()),
      feed_entries: n(await trx.deleteFrom('feed_entries').where('day', '<', cutoffDay).executeTakeFirst()),
      batches: n(await trx.deleteFrom('batches').where('received_at', '<', cutoffMs).executeTakeFirst()),
      sessions: n(await trx.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst()),
      seen_signatures: n(await trx.deleteFrom('seen_signatures').where('expires_at', '<', now).executeTakeFirst()),
      // Days are local-date strings ('YYYY-MM-DD'), which sort as dates.
      venue_days: n(
        await trx.deleteFrom('venue_days').where('day', '<', daysBefore(localDayOf(now), Math.floor(now / DAY_MS) - cutoffDay)).executeTakeFirst(),
      ),
    };
  }
}
