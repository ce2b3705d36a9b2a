// The CSV export of a list of exposure views (the views themselves: exposure-lifecycle.ts).
import type { Exposure } from '../../shared/api/server-api.js';

/** CSV cell: quoted, and a leading = + - @ neutralised so spreadsheets do not run it as a formula. */
export function csvCell(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const HEADER = ['exposure_id', 'case_id', 'venue_id', 'venue_name', 'kind', 'province', 'district', 'ward', 'start_utc', 'end_utc', 'slots', 'closest_distance', 'dwell_minutes', 'co_present_devices', 'source', 'status', 'published_slots', 'unpublished_slots', 'missing_key_slots', 'venue_notice', 'referred_from'];

export function exposuresCsvHeader(): string {
  return `${HEADER.join(',')}\r\n`;
}

/** The CSV lines of these exposures, each ending in CRLF (the export streams them page by page). */
export function exposuresCsvRows(list: readonly Exposure[]): string {
  const lines: string[] = [];
  for (const e of list) {
    lines.push(
      [
        e.id,
        e.case_id,
        e.venue.id,
        e.venue.name,
        e.venue.kind,
        e.venue.province,
        e.venue.district,
        e.venue.ward,
        new Date(e.start).toISOString(),
        new Date(e.end).toISOString(),
        e.slot_count,
        e.closest_distance,
        e.dwell_minutes,
        e.co_present_devices,
        e.source,
        e.status,
        e.publication.published_slots,
        e.publication.unpublished_slots,
        e.publication.missing_key_slots,
        e.venue_notice.state,
        e.referred_from ?? '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.map((l) => `${l}\r\n`).join('');
}

export function exposuresCsv(list: readonly Exposure[]): string {
  return exposuresCsvHeader() + exposuresCsvRows(list);
}
