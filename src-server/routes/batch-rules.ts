// Semantic checks on a batch beyond its schema. A batch with any problem is rejected whole
// (nothing stored) with every problem listed, so the kiosk can log exactly what was wrong.
import type { KioskBatch } from '../../shared/api/kiosk-upload.js';
import { ADVERT_PROTOCOLS, idHexLength } from '../../shared/protocol/advert-protocols.js';

export interface BatchProblem {
  path: string;
  code: string;
  message: string;
}


export function validateBatch(b: KioskBatch, currentSlot: number): BatchProblem[] {
  const out: BatchProblem[] = [];
  // One slot of tolerance for clocks at a boundary; later slots mean a wrong kiosk clock.
  const maxSlot = currentSlot + 1;
  b.encounters.forEach((e, i) => {
    const p = `/encounters/${i}`;
    if (e.visitor_id.length !== idHexLength(e.protocol)) out.push({ path: p, code: 'id_length_mismatch', message: `${e.protocol} IDs are ${ADVERT_PROTOCOLS[e.protocol].idBytes} bytes` });
    if (e.first_seen_min > e.last_seen_min) out.push({ path: p, code: 'minutes_reversed', message: 'first_seen_min is after last_seen_min' });
    // Minutes must fall inside the encounter's own 15-minute slot.
    const lo = e.slot * 15;
    if (e.first_seen_min < lo || e.last_seen_min > lo + 14) out.push({ path: p, code: 'minutes_outside_slot', message: 'seen minutes are outside the slot' });
    if (e.slot > maxSlot) out.push({ path: p, code: 'slot_in_future', message: 'slot is in the future' });
  });
  b.slot_keys.forEach((k, i) => {
    if (k.slot > maxSlot) out.push({ path: `/slot_keys/${i}`, code: 'slot_in_future', message: 'slot is in the future' });
  });
  b.attendance.forEach((a, i) => {
    if (a.slot > maxSlot) out.push({ path: `/attendance/${i}`, code: 'slot_in_future', message: 'slot is in the future' });
  });
  return out;
}
