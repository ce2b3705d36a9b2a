// The aggregates a report is made of: kiosks' per-local-day visitor estimates (venue_days),
// staff tallies (attendance, per UTC slot, regrouped into local days) and the server's record
// of kiosk contact (batches received), for one venue or for every venue a campaign asks.
// Counts only: no query here reads an encounter or an identifier.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AreaFilter } from './campaigns-repo.js';
import { LOCAL_DAY_SLOT_SHIFT } from '../../shared/domain/report-period.js';
import { SLOTS_PER_DAY, SLOT_MS } from '../../shared/domain/slots.js';

export interface DayEstimate {
  day: string;
  unique_visitors: number;
  device_slots: number;
}
export interface DayTally {
  /** Local day number. */
  day: number;
  no_app: number;
  helped_install: number;
}
export interface VenueSums {
  venue_id: string;
  unique_visitors: number;
  device_slots: number;
  days_with_data: number;
  no_app: number;
  helped_install: number;
  covered_slots: number;
}
export interface KioskSpan {
  venue_id: string;
  kiosks: number;
  first_enrolled_at: number;
}

/** A slot range [fromSlot, toSlot) covering whole local days. */
export interface SlotRange {
  fromSlot: number;
  toSlot: number;
}

// The attendance table is indexed by (venue_id, day) with day = UTC day of the slot; the UTC
// days overlapping the local range bound the scan before the exact slot filter.
function utcDays(r: SlotRange): [number, number] {
  return [Math.floor(r.fromSlot / SLOTS_PER_DAY), Math.floor((r.toSlot - 1) / SLOTS_PER_DAY)];
}

// Constants as literals, not parameters: PostgreSQL matches GROUP BY expressions by text, and
// two parameters with equal values are different expressions to it.
const LOCAL_DAY_OF_SLOT = sql.raw(`(slot + ${LOCAL_DAY_SLOT_SHIFT}) / ${SLOTS_PER_DAY}`);
const CONTACT_SLOT = sql.raw(`b.received_at / ${SLOT_MS}`);

const n = (v: unknown): number => Number(v ?? 0);

export class ReportDataRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async dayEstimates(venueId: string, fromDay: string, toDay: string): Promise<DayEstimate[]> {
    const rows = await this.db
      .selectFrom('venue_days')
      .select(['day', (eb) => eb.fn.sum<number>('unique_visitors').as('u'), (eb) => eb.fn.sum<number>('device_slots').as('d')])
      .where('venue_id', '=', venueId)
      .where('day', '>=', fromDay)
      .where('day', '<=', toDay)
      .groupBy('day')
      .orderBy('day')
      .execute();
    return rows.map((r) => ({ day: r.day, unique_visitors: n(r.u), device_slots: n(r.d) }));
  }

  async dayTallies(venueId: string, range: SlotRange): Promise<DayTally[]> {
    const [d0, d1] = utcDays(range);
    const rows = (
      await sql<{ lday: number; no_app: number; helped: number }>`
        SELECT ${LOCAL_DAY_OF_SLOT} AS lday, SUM(no_app) AS no_app, SUM(helped_install) AS helped
        FROM attendance
        WHERE venue_id = ${venueId} AND day >= ${d0} AND day <= ${d1} AND slot >= ${range.fromSlot} AND slot < ${range.toSlot}
        GROUP BY ${LOCAL_DAY_OF_SLOT}`.execute(this.db)
    ).rows;
    return rows.map((r) => ({ day: n(r.lday), no_app: n(r.no_app), helped_install: n(r.helped) }));
  }

  /** Distinct slots in [fromMs, toMs) in which any kiosk of the venue reached the server. */
  async contactSlots(venueId: string, fromMs: number, toMs: number): Promise<number[]> {
    const rows = (
      await sql<{ s: number }>`
        SELECT DISTINCT ${CONTACT_SLOT} AS s
        FROM batches b JOIN kiosks k ON k.id = b.kiosk_id
        WHERE k.venue_id = ${venueId} AND b.received_at >= ${fromMs} AND b.received_at < ${toMs}`.execute(this.db)
    ).rows;
    return rows.map((r) => Math.floor(n(r.s))).sort((a, b) => a - b);
  }

  async kioskSpan(venueId: string): Promise<KioskSpan | null> {
    const r = await this.db
      .selectFrom('kiosks')
      .select([(eb) => eb.fn.countAll<number>().as('c'), (eb) => eb.fn.min<number>('enrolled_at').as('first')])
      .where('venue_id', '=', venueId)
      .executeTakeFirst();
    if (!r || n(r.c) === 0) return null;
    return { venue_id: venueId, kiosks: n(r.c), first_enrolled_at: n(r.first) };
  }

  /** Whether any venue of the area has a kiosk estimate or a staff tally in the period. */
  async areaHasData(f: AreaFilter, fromDay: string, toDay: string, range: SlotRange): Promise<boolean> {
    const [d0, d1] = utcDays(range);
    const area = sql`v.province = ${f.province}
      ${f.district !== null ? sql`AND v.district = ${f.district}` : sql``}
      ${f.ward !== null ? sql`AND v.ward = ${f.ward}` : sql``}
      ${f.kinds.length > 0 ? sql`AND v.kind IN (${sql.join(f.kinds.map((k) => sql`${k}`))})` : sql``}`;
    const est = await sql`SELECT 1 AS x FROM venue_days vd JOIN venues v ON v.id = vd.venue_id
      WHERE ${area} AND vd.day >= ${fromDay} AND vd.day <= ${toDay} LIMIT 1`.execute(this.db);
    if (est.rows.length > 0) return true;
    const tal = await sql`SELECT 1 AS x FROM attendance a JOIN venues v ON v.id = a.venue_id
      WHERE ${area} AND a.day >= ${d0} AND a.day <= ${d1} AND a.slot >= ${range.fromSlot} AND a.slot < ${range.toSlot}
        AND (a.no_app > 0 OR a.helped_install > 0) LIMIT 1`.execute(this.db);
    return tal.rows.length > 0;
  }

  /** Per-venue sums for every venue a campaign asks (one grouped query per source). */
  async campaignSums(campaignId: string, fromDay: string, toDay: string, range: SlotRange, contact: { fromMs: number; toMs: number }): Promise<Map<string, VenueSums>> {
    const [d0, d1] = utcDays(range);
    const [est, tal, up] = await Promise.all([
      sql<{ venue_id: string; u: number; d: number; days: number }>`
        SELECT vd.venue_id, SUM(vd.unique_visitors) AS u, SUM(vd.device_slots) AS d, COUNT(DISTINCT vd.day) AS days
        FROM report_campaign_venues cv JOIN venue_days vd ON vd.venue_id = cv.venue_id
        WHERE cv.campaign_id = ${campaignId} AND vd.day >= ${fromDay} AND vd.day <= ${toDay}
        GROUP BY vd.venue_id`.execute(this.db),
      sql<{ venue_id: string; no_app: number; helped: number }>`
        SELECT a.venue_id, SUM(a.no_app) AS no_app, SUM(a.helped_install) AS helped
        FROM report_campaign_venues cv JOIN attendance a ON a.venue_id = cv.venue_id
        WHERE cv.campaign_id = ${campaignId} AND a.day >= ${d0} AND a.day <= ${d1} AND a.slot >= ${range.fromSlot} AND a.slot < ${range.toSlot}
        GROUP BY a.venue_id`.execute(this.db),
      contact.toMs > contact.fromMs
        ? sql<{ venue_id: string; c: number }>`
        SELECT k.venue_id, COUNT(DISTINCT ${CONTACT_SLOT}) AS c
        FROM report_campaign_venues cv JOIN kiosks k ON k.venue_id = cv.venue_id JOIN batches b ON b.kiosk_id = k.id
        WHERE cv.campaign_id = ${campaignId} AND b.received_at >= ${contact.fromMs} AND b.received_at < ${contact.toMs}
        GROUP BY k.venue_id`.execute(this.db)
        : Promise.resolve({ rows: [] as { venue_id: string; c: number }[] }),
    ]);
    const out = new Map<string, VenueSums>();
    const get = (id: string): VenueSums => {
      let v = out.get(id);
      if (!v) {
        v = { venue_id: id, unique_visitors: 0, device_slots: 0, days_with_data: 0, no_app: 0, helped_install: 0, covered_slots: 0 };
        out.set(id, v);
      }
      return v;
    };
    for (const r of est.rows) Object.assign(get(r.venue_id), { unique_visitors: n(r.u), device_slots: n(r.d), days_with_data: n(r.days) });
    for (const r of tal.rows) Object.assign(get(r.venue_id), { no_app: n(r.no_app), helped_install: n(r.helped) });
    for (const r of up.rows) get(r.venue_id).covered_slots = n(r.c);
    return out;
  }

  async campaignKioskSpans(campaignId: string): Promise<Map<string, KioskSpan>> {
    const rows = (
      await sql<{ venue_id: string; c: number; first: number }>`
        SELECT k.venue_id, COUNT(*) AS c, MIN(k.enrolled_at) AS first
        FROM report_campaign_venues cv JOIN kiosks k ON k.venue_id = cv.venue_id
        WHERE cv.campaign_id = ${campaignId}
        GROUP BY k.venue_id`.execute(this.db)
    ).rows;
    return new Map(rows.map((r) => [r.venue_id, { venue_id: r.venue_id, kiosks: n(r.c), first_enrolled_at: n(r.first) }]));
  }
}
