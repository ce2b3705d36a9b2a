// F0 cases and what their intake yielded: the F0's own IDs per slot (from daily keys and
// the own-ID column of data_trace.txt) and the contacts of their history, reduced to
// (contact ID, slot, minutes, distance class) — no RSSI trace, no row-level log is kept.
import { sql, type Kysely } from 'kysely';
import type { Database, F0CasesTable } from '../db/schema.js';

export interface F0IdRow {
  slot: number;
  visitor_id: string;
}
export interface F0ContactRow {
  contact_id: string;
  slot: number;
  first_min: number;
  last_min: number;
  distance_rank: number;
}

const CHUNK = 500;

export class F0Repo {
  constructor(private readonly db: Kysely<Database>) {}

  getCase(id: string): Promise<F0CasesTable | undefined> {
    return this.db.selectFrom('f0_cases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Cases newest first (created_at descending, then id), after a row when paging. */
  listCases(province: string | null, limit: number, after?: { createdAt: number; id: string }): Promise<F0CasesTable[]> {
    let q = this.db.selectFrom('f0_cases').selectAll();
    if (province !== null) q = q.where('province', '=', province);
    if (after) q = q.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '>', after.id)])]));
    return q.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  }

  /** Writes a case (new or existing) and its derived data in one transaction. */
  async store(c: F0CasesTable, isNew: boolean, ids: readonly F0IdRow[], contacts: readonly F0ContactRow[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (isNew) await trx.insertInto('f0_cases').values(c).execute();
      else await trx.updateTable('f0_cases').set({ updated_at: c.updated_at }).where('id', '=', c.id).execute();
      const idRows = ids.map((r) => ({ case_id: c.id, slot: r.slot, day: Math.floor(r.slot / 96), visitor_id: r.visitor_id }));
      for (let i = 0; i < idRows.length; i += CHUNK) {
        await trx
          .insertInto('f0_ids')
          .values(idRows.slice(i, i + CHUNK))
          .onConflict((oc) => oc.columns(['case_id', 'slot', 'visitor_id']).doNothing())
          .execute();
      }
      const contactRows = contacts.map((r) => ({ case_id: c.id, day: Math.floor(r.slot / 96), ...r }));
      for (let i = 0; i < contactRows.length; i += CHUNK) {
        await trx
          .insertInto('f0_contacts')
          .values(contactRows.slice(i, i + CHUNK))
          .onConflict((oc) =>
            // Same merge as kiosk encounters: widest minutes, closest distance.
            oc.columns(['case_id', 'contact_id', 'slot']).doUpdateSet({
              first_min: sql`CASE WHEN excluded.first_min < f0_contacts.first_min THEN excluded.first_min ELSE f0_contacts.first_min END`,
              last_min: sql`CASE WHEN excluded.last_min > f0_contacts.last_min THEN excluded.last_min ELSE f0_contacts.last_min END`,
              distance_rank: sql`CASE WHEN excluded.distance_rank < f0_contacts.distance_rank THEN excluded.distance_rank ELSE f0_contacts.distance_rank END`,
            }),
          )
          .execute();
      }
    });
  }

  async idCount(caseId: string): Promise<number> {
    const r = await this.db.selectFrom('f0_ids').select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Cases whose infectious window overlaps [fromSlot, toSlot]. */
  overlapping(fromSlot: number, toSlot: number): Promise<F0CasesTable[]> {
    return this.db.selectFrom('f0_cases').selectAll().where('from_slot', '<=', toSlot).where('to_slot', '>=', fromSlot).execute();
  }
}
