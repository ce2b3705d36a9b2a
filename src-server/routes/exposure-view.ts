// Exposure row -> API view, and the CSV export of a list of them.
import type { Exposure, ExposureStatus } from '../../shared/api/server-api.js';
import { slotEnd, slotStart } from '../../shared/domain/slots.js';
import type { ExposureWithVenue } from '../repositories/exposures-repo.js';
import { DISTANCE_NAME } from '../repositories/batches-repo.js';

export function exposureView(e: ExposureWithVenue): Exposure {
  return {
    id: e.id,
    case_id: e.case_id,
    venue: { id: e.venue.id, name: e.venue.name, kind: e.venue.kind, province: e.venue.province, district: e.venue.district, ward: e.venue.ward },
    first_slot: e.first_slot,
    last_slot: e.last_slot,
    start: slotStart(e.first_slot),
    end: slotEnd(e.last_slot),
    slot_count: e.slot_count,
    closest_distance: DISTANCE_NAME[e.distance_rank] ?? 'far',
    dwell_minutes: e.dwell_minutes,
    co_present_devices: e.co_present_devices,
    source: e.source as Exposure['source'],
    status: e.status as ExposureStatus,
    created_at: e.created_at,
    updated_at: e.updated_at,
  };
}

/** CSV cell: quoted, and a leading = + - @ neutralised so spreadsheets do not run it as a formula. */
export function csvCell(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const HEADER = ['exposure_id', 'case_id', 'venue_id', 'venue_name', 'kind', 'province', 'district', 'ward', 'start_utc', 'end_utc', 'slots', 'closest_distance', 'dwell_minutes', 'co_present_devices', 'source', 'status'];

export function exposuresCsv(list: readonly Exposure[]): string {
  const lines = [HEADER.join(',')];
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
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
