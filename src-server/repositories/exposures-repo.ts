// Venue exposures: one row per (F0 case, venue), recomputed idempotently by the engine. The
// status and the per-slot publication breakdown are derived (exposure-lifecycle.ts) and
// stored so lists can filter on them; only `closed` is set by hand, and it is final.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, ExposuresTable, VenuesTable } from '../db/schema.js';

/** What the engine computes for one (case, venue): the row less its identity, status and times. */
export type ExposureFacts = Omit<ExposuresTable, 'id' | 'source' | 'status' | 'created_at' | 'updated_at' | 'publication'> & {
  source: 'encounters' | 'history' | 'both';
};

export interface ExposureFilter {
  province?: string | null | undefined;
  district?: string | undefined;
  fromSlot?: number | undefined;
  toSlot?: number | undefined;
  status?: string | undefined;
  caseId?: string | undefined;
  venueId?: string | undefined;
  /** Keyset paging: only rows after this one in the list's order (first slot desc, id). */
  after?: { firstSlot: number; id: string } | undefined;
  /** At most this many rows; every matching row when absent. */
  limit?: number | undefined;
}

export type ExposureWithVenue = ExposuresTable & { venue: VenuesTable; case_province: string };

export class ExposuresRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts or refreshes the facts; never touches status or created_at of an existing row. */
  async upsert(f: ExposureFacts, now: number): Promise<void> {
    await this.db
      .insertInto('exposures')
      .values({ id: randomUUID(), ...f, status: 'new', created_at: now, updated_at: now, publication: null })
      .onConflict((oc) =>
        oc.columns(['case_id', 'venue_id']).doUpdateSet((eb) => ({
          first_slot: eb.ref('excluded.first_slot'),
          last_slot: eb.ref('excluded.last_slot'),
          slot_count: eb.ref('excluded.slot_count'),
          distance_rank: eb.ref('excluded.distance_rank'),
          dwell_minutes: eb.ref('excluded.dwell_minutes'),
          co_present_devices: eb.ref('excluded.co_present_devices'),
          source: eb.ref('excluded.source'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  async list(f: ExposureFilter): Promise<ExposureWithVenue[]> {
    let q = this.db
      .selectFrom('exposures')
      .innerJoin('venues', 'venues.id', 'exposures.venue_id')
      .innerJoin('f0_cases', 'f0_cases.id', 'exposures.case_id')
      .selectAll('exposures')
      .select([
        'f0_cases.province as case_province',
        'venues.name as v_name',
        'venues.kind as v_kind',
        'venues.ward as v_ward',
        'venues.created_at as v_created_at',
      ]);
    if (f.province) q = q.where('exposures.province', '=', f.province);
    if (f.district !== undefined) q = q.where('exposures.district', '=', f.district);
    if (f.fromSlot !== undefined) q = q.where('exposures.last_slot', '>=', f.fromSlot);
    if (f.toSlot !== undefined) q = q.where('exposures.first_slot', '<=', f.toSlot);
    if (f.status !== undefined) q = q.where('exposures.status', '=', f.status);
    if (f.caseId !== undefined) q = q.where('exposures.case_id', '=', f.caseId);
    if (f.venueId !== undefined) q = q.where('exposures.venue_id', '=', f.venueId);
    const after = f.after;
    if (after) {
      q = q.where((eb) => eb.or([eb('exposures.first_slot', '<', after.firstSlot), eb.and([eb('exposures.first_slot', '=', after.firstSlot), eb('exposures.id', '>', after.id)])]));
    }
    q = q.orderBy('exposures.first_slot', 'desc').orderBy('exposures.id');
    const rows = await (f.limit === undefined ? q : q.limit(f.limit)).execute();
    return rows.map(({ v_name, v_kind, v_ward, v_created_at, ...e }) => ({
      ...e,
      venue: { id: e.venue_id, name: v_name, kind: v_kind, province: e.province, district: e.district, ward: v_ward, created_at: v_created_at },
    }));
  }

  async get(id: string): Promise<ExposureWithVenue | undefined> {
    const e = await this.db.selectFrom('exposures').select('case_id').where('id', '=', id).executeTakeFirst();
    if (!e) return undefined;
    return (await this.list({ caseId: e.case_id })).find((x) => x.id === id);
  }

  /** Stores the derived status and publication breakdown; touches updated_at only on a change. */
  async setDerived(id: string, status: string, publication: string, now: number): Promise<void> {
    const e = await this.db.selectFrom('exposures').select(['status', 'publication']).where('id', '=', id).executeTakeFirst();
    if (!e || (e.status === status && e.publication === publication)) return;
    const changedStatus = e.status !== status;
    await this.db
      .updateTable('exposures')
      .set({ status, publication, ...(changedStatus ? { updated_at: now } : {}) })
      .where('id', '=', id)
      .execute();
  }

  async close(id: string, now: number): Promise<void> {
    await this.db.updateTable('exposures').set({ status: 'closed', updated_at: now }).where('id', '=', id).where('status', '<>', 'closed').execute();
  }
}
