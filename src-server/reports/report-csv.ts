// Reports as CSV: UTF-8 with a byte-order mark (spreadsheets in Vietnam open it with the
// diacritics intact), CRLF lines, one row per day or per venue and a closing totals row.
// Column names say which count is which and how the install rate is computed.
import type { CampaignOverview, ReportFigures, VenueReport } from '../../shared/api/report-api.js';
import { formatLocalDateTimeVi } from '../../shared/domain/report-period.js';
import { csvCell } from '../routes/exposure-view.js';

const BOM = '\uFEFF';
const RATE_COLUMN = 'install_rate (unique_visitors_estimate / (unique_visitors_estimate + no_app_staff_tally))';

function line(cells: readonly (string | number | null)[]): string {
  return cells.map((c) => csvCell(c === null ? '' : c)).join(',');
}

function rate(r: number | null): string {
  return r === null ? '' : r.toFixed(4);
}

export function venueReportCsv(r: VenueReport, staff?: { staff_smartphone: number; staff_bluezone: number }): string {
  const v = r.venue;
  const head = ['venue_id', 'venue_name', 'province', 'district', 'ward', 'local_day', 'unique_visitors_estimate', 'device_slots_not_people', 'no_app_staff_tally', 'helped_install_staff_tally', RATE_COLUMN, 'kiosk_uptime_ratio', 'staff_with_smartphone', 'staff_with_bluezone'];
  const lines = [line(head)];
  const base = [v.id, v.name, v.province, v.district, v.ward];
  for (const d of r.days) {
    lines.push(line([...base, d.day, d.unique_visitors, d.device_slots, d.no_app, d.helped_install, rate(d.install_rate), rate(d.uptime_ratio), null, null]));
  }
  const t = r.totals;
  lines.push(line([...base, `${r.period.from}..${r.period.to}`, t.unique_visitors, t.device_slots, t.no_app, t.helped_install, rate(t.install_rate), rate(t.uptime_ratio), staff?.staff_smartphone ?? null, staff?.staff_bluezone ?? null]));
  return BOM + lines.join('\r\n') + '\r\n';
}

function figureCells(f: ReportFigures): (string | number)[] {
  return [f.unique_visitors, f.device_slots, f.no_app, f.helped_install, rate(f.install_rate), rate(f.uptime_ratio)];
}

export function campaignReportCsv(o: CampaignOverview): string {
  const head = ['venue_id', 'venue_name', 'kind', 'province', 'district', 'ward', 'status', 'version', 'submitted_at_local', 'unique_visitors_estimate', 'device_slots_not_people', 'no_app_staff_tally', 'helped_install_staff_tally', RATE_COLUMN, 'kiosk_uptime_ratio', 'staff_with_smartphone', 'staff_with_bluezone'];
  const lines = [line(head)];
  for (const row of o.venues) {
    const v = row.venue;
    lines.push(
      line([v.id, v.name, v.kind, v.province, v.district, v.ward, row.status, row.version, row.submitted_at === null ? null : formatLocalDateTimeVi(row.submitted_at), ...figureCells(row.figures), row.staff_smartphone, row.staff_bluezone]),
    );
  }
  const s = o.submitted_totals;
  const c = o.campaign;
  const area = [c.province, c.district ?? '', c.ward ?? ''];
  lines.push(line(['TOTAL_SUBMITTED', `${o.counts.submitted}/${o.counts.venues}`, '', ...area, 'submitted', null, null, ...figureCells(s), s.staff_smartphone, s.staff_bluezone]));
  lines.push(line(['TOTAL_KIOSKS_ALL_VENUES', `${o.counts.venues}`, '', ...area, 'kiosk_data', null, null, ...figureCells(o.kiosk_totals), null, null]));
  return BOM + lines.join('\r\n') + '\r\n';
}
