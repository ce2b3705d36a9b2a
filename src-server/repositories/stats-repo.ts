// Aggregates: install rate per venue/ward/district/province from uploaded attendance.
// Method (shown in reports): install rate = Bluezone entrants / (Bluezone entrants + entrants
// tallied by staff as having no app). Bluezone entrants = the kiosks' per-slot arrivals.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export const INSTALL_RATE_METHOD =
  'install_rate = bluezone_entrants / (bluezone_entrants + no_app); bluezone_entrants = sum of kiosk arrivals per 15-min slot, no_app = staff tally of entrants without the app';

// The formula itself has one definition, in shared/domain (reports use it too).
import { installRate } from '../../shared/domain/install-rate.js';

export { installRate };

export type Level = 'venue' | 'ward' | 'district' | 'province';

export interface RateRow {
  key: string;
  name: string;
  province: string;
  district: string | null;
  bluezone_entrants: number;
  no_app: number;
  helped_install: number;
  install_rate: number | null;
  rank: number;
}

export class StatsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Sums over the slots [fromSlot, toSlot] (a range of local days). */
  async installRates(level: Level, fromSlot: number, toSlot: number, scope: { province?: string | null; venueIds?: readonly string[] }): Promise<RateRow[]> {
    if (scope.venueIds !== undefined && scope.venueIds.length === 0) return [];
    // Fixed column lists chosen by `level` (never user text), so sql.raw is safe here.
    const groupCols = {
      venue: ['v.id', 'v.name', 'v.province', 'v.district'],
      ward: ['v.province', 'v.district', 'v.ward'],
      district: ['v.province', 'v.district'],
      province: ['v.province'],
    }[level];
    const rows = (await sql<Record<string, string | number>>`
      SELECT ${sql.raw(groupCols.map((c) => `${c} AS ${c.replace('v.', 'g_')}`).join(', '))},
             SUM(a.arrivals) AS entrants, SUM(a.no_app) AS no_app, SUM(a.helped_install) AS helped_install
      FROM attendance a JOIN venues v ON v.id = a.venue_id
      WHERE a.day >= ${Math.floor(fromSlot / 96)} AND a.day <= ${Math.floor(toSlot / 96)} AND a.slot >= ${fromSlot} AND a.slot <= ${toSlot}
        ${scope.province ? sql`AND v.province = ${scope.province}` : sql``}
        ${scope.venueIds !== undefined ? sql`AND v.id IN (${sql.join(scope.venueIds.map((id) => sql`${id}`))})` : sql``}
      GROUP BY ${sql.raw(groupCols.join(', '))}`.execute(this.db)).rows;
    const out = rows.map((r) => {
      const entrants = Number(r.entrants);
      const noApp = Number(r.no_app);
      const province = String(r.g_province);
      const district = r.g_district === undefined ? null : String(r.g_district);
      const key = level === 'venue' ? String(r.g_id) : [province, district, r.g_ward].filter((x) => x !== undefined && x !== null).join(' / ');
      const name = level === 'venue' ? String(r.g_name) : level === 'ward' ? String(r.g_ward) : level === 'district' ? String(district) : province;
      return { key, name, province, district, bluezone_entrants: entrants, no_app: noApp, helped_install: Number(r.helped_install), install_rate: installRate(entrants, noApp), rank: 0 };
    });
    // Highest rate first; places with no counts at all go last.
    out.sort((a, b) => (b.install_rate ?? -1) - (a.install_rate ?? -1) || b.bluezone_entrants - a.bluezone_entrants || a.key.localeCompare(b.key));
    out.forEach((r, i) => (r.rank = i + 1));
    return out;
  }
}
