// Reporting campaigns: the request, the venues it asks (fixed at issue), and each venue's
// numbered submissions. A submission is appended, never updated, so every version stays.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database, ReportCampaignsTable, ReportSubmissionsTable, VenuesTable } from '../db/schema.js';

export type NewCampaign = Omit<ReportCampaignsTable, 'id' | 'created_at'>;

export interface CampaignRow extends ReportCampaignsTable {
  venue_count: number;
  submitted_count: number;
}

export interface AreaFilter {
  province: string;
  district: string | null;
  ward: string | null;
  kinds: readonly string[];
}

/** Rows per INSERT of campaign venues: far below both databases' bind limits. */
const CHUNK = 1000;

export type SubmissionTotals = Pick<ReportSubmissionsTable, 'venue_id' | 'version' | 'staff_smartphone' | 'staff_bluezone' | 'totals' | 'submitted_at'>;

export type SubmitOutcome = { ok: true; version: number } | { ok: false; reason: 'closed' | 'conflict' };

/** Where a page of campaigns ends: the last row's creation time and id. */
export interface CampaignCursor {
  readonly createdAt: number;
  readonly id: string;
}

export class CampaignsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  matchingVenues(f: AreaFilter): Promise<VenuesTable[]> {
    let q = this.db.selectFrom('venues').selectAll().where('province', '=', f.province);
    if (f.district !== null) q = q.where('district', '=', f.district);
    if (f.ward !== null) q = q.where('ward', '=', f.ward);
    if (f.kinds.length > 0) q = q.where('kind', 'in', f.kinds);
    return q.orderBy('name').execute();
  }

  async create(c: NewCampaign, venueIds: readonly string[], now: number): Promise<string> {
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('report_campaigns').values({ id, ...c, created_at: now }).execute();
      for (let i = 0; i < venueIds.length; i += CHUNK) {
        await trx
          .insertInto('report_campaign_venues')
          .values(venueIds.slice(i, i + CHUNK).map((venue_id) => ({ campaign_id: id, venue_id })))
          .execute();
      }
    });
    return id;
  }

  private withCounts() {
    return this.db
      .selectFrom('report_campaigns as c')
      .selectAll('c')
      .select([
        sql<number>`(SELECT COUNT(*) FROM report_campaign_venues cv WHERE cv.campaign_id = c.id)`.as('venue_count'),
        sql<number>`(SELECT COUNT(DISTINCT s.venue_id) FROM report_submissions s WHERE s.campaign_id = c.id)`.as('submitted_count'),
      ]);
  }

  async get(id: string): Promise<CampaignRow | undefined> {
    const r = await this.withCounts().where('c.id', '=', id).executeTakeFirst();
    return r ? { ...r, venue_count: Number(r.venue_count), submitted_count: Number(r.submitted_count) } : undefined;
  }

  /** Campaigns in a province (null: all), newest first (then id), after a row when paging. */
  async listByProvince(province: string | null, limit: number, after?: CampaignCursor): Promise<CampaignRow[]> {
    let q = this.withCounts();
    if (province !== null) q = q.where('c.province', '=', province);
    if (after) q = q.where((eb) => eb.or([eb('c.created_at', '<', after.createdAt), eb.and([eb('c.created_at', '=', after.createdAt), eb('c.id', '>', after.id)])]));
    const rows = await q.orderBy('c.created_at', 'desc').orderBy('c.id').limit(limit).execute();
    return rows.map((r) => ({ ...r, venue_count: Number(r.venue_count), submitted_count: Number(r.submitted_count) }));
  }

  /** Campaigns that ask any of these venues, newest first (then id), after a row when paging. */
  async listForVenues(venueIds: readonly string[], limit: number, after?: CampaignCursor): Promise<CampaignRow[]> {
    if (venueIds.length === 0) return [];
    let q = this.withCounts().where('c.id', 'in', (eb) => eb.selectFrom('report_campaign_venues').select('campaign_id').where('venue_id', 'in', venueIds));
    if (after) q = q.where((eb) => eb.or([eb('c.created_at', '<', after.createdAt), eb.and([eb('c.created_at', '=', after.createdAt), eb('c.id', '>', after.id)])]));
    const rows = await q.orderBy('c.created_at', 'desc').orderBy('c.id').limit(limit).execute();
    return rows.map((r) => ({ ...r, venue_count: Number(r.venue_count), submitted_count: Number(r.submitted_count) }));
  }

  venues(campaignId: string): Promise<VenuesTable[]> {
    return this.db
      .selectFrom('report_campaign_venues as cv')
      .innerJoin('venues as v', 'v.id', 'cv.venue_id')
      .selectAll('v')
      .where('cv.campaign_id', '=', campaignId)
      .orderBy('v.name')
      .execute();
  }

  async asks(campaignId: string, venueId: string): Promise<boolean> {
    const r = await this.db.selectFrom('report_campaign_venues').select('venue_id').where('campaign_id', '=', campaignId).where('venue_id', '=', venueId).executeTakeFirst();
    return r !== undefined;
  }

  /** Every version a venue submitted, oldest first. */
  versions(campaignId: string, venueId: string): Promise<ReportSubmissionsTable[]> {
    return this.db.selectFrom('report_submissions').selectAll().where('campaign_id', '=', campaignId).where('venue_id', '=', venueId).orderBy('version').execute();
  }

  /** The latest version of each venue's submission, without the per-day figures. */
  latestSubmissions(campaignId: string): Promise<SubmissionTotals[]> {
    return this.db
      .selectFrom('report_submissions as s')
      .select(['s.venue_id', 's.version', 's.staff_smartphone', 's.staff_bluezone', 's.totals', 's.submitted_at'])
      .where('s.campaign_id', '=', campaignId)
      .where('s.version', '=', (eb) =>
        eb.selectFrom('report_submissions as t').select((e) => e.fn.max('t.version').as('m')).whereRef('t.campaign_id', '=', 's.campaign_id').whereRef('t.venue_id', '=', 's.venue_id'),
      )
      .execute();
  }

  /**
   * Appends the next version. The deadline is checked again inside the transaction, so a
   * submission racing the deadline cannot land after it; two racing submissions of one venue
   * collide on the primary key and one is refused as a conflict, never merged.
   */
  async submit(s: Omit<ReportSubmissionsTable, 'version'>, now: number): Promise<SubmitOutcome> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const c = await trx.selectFrom('report_campaigns').select('deadline_at').where('id', '=', s.campaign_id).executeTakeFirstOrThrow();
        if (now >= c.deadline_at) return { ok: false, reason: 'closed' } as const;
        const last = await trx
          .selectFrom('report_submissions')
          .select((eb) => eb.fn.max('version').as('m'))
          .where('campaign_id', '=', s.campaign_id)
          .where('venue_id', '=', s.venue_id)
          .executeTakeFirst();
        const version = Number(last?.m ?? 0) + 1;
        await trx.insertInto('report_submissions').values({ ...s, version }).execute();
        return { ok: true, version } as const;
      });
    } catch (err) {
      if (/unique|duplicate key|primary key/i.test(String(err))) return { ok: false, reason: 'conflict' };
      throw err;
    }
  }

  /** Open campaigns asking this venue that it has not answered yet (the kiosk's reminder). */
  openRequests(venueId: string, now: number): Promise<ReportCampaignsTable[]> {
    return this.db
      .selectFrom('report_campaigns as c')
      .innerJoin('report_campaign_venues as cv', 'cv.campaign_id', 'c.id')
      .selectAll('c')
      .where('cv.venue_id', '=', venueId)
      .where('c.deadline_at', '>', now)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('report_submissions as s').select('s.version').whereRef('s.campaign_id', '=', 'c.id').where('s.venue_id', '=', venueId))))
      .orderBy('c.deadline_at')
      .execute();
  }
}
