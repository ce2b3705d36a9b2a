// Semantic checks on a batch beyond its schema. A batch with any problem is rejected whole
// (nothing stored) with every problem listed, so the kiosk can log exactly what was wrong.
import type { KioskBatch } from '../../shared/api/kiosk-upload.js';
import { ADVERT_PROTOCOLS, idHexLength } from '../../shared/protocol/advert-protocols.js';
import type { BatchProblemCode } from '../../shared/api/error-codes.js';

export interface BatchProblem {
  path: string;
  code: BatchProblemCode;
  message: string;
}


export function validateBatch(b: KioskBatch, currentSlot: number, retentionDays: number): BatchProblem[] {
  const out: BatchProblem[] = [];
  // One slot of tolerance for clocks at a boundary; later slots mean a wrong kiosk clock.
  const maxSlot = currentSlot + 1;
  // Slots the retention purge would delete at once are refused rather than stored.
  const minSlot = currentSlot - retentionDays * 96;
  const tooOld = (slot: number, path: string) => {
    if (slot < minSlot) out.push({ path, code: 'slot_too_old', message: `slot is older than the ${retentionDays}-day retention period` });
  };
  b.encounters.forEach((e, i) => {
    const p = `/encounters/${i}`;
    if (e.visitor_id.length !== idHexLength(e.protocol)) out.push({ path: p, code: 'id_length_mismatch', message: `${e.protocol} IDs are ${ADVERT_PROTOCOLS[e.protocol].idBytes} bytes` });
    if (e.first_seen_min > e.last_seen_min) out.push({ path: p, code: 'minutes_reversed', message: 'first_seen_min is after last_seen_min' });
    // Minutes must fall inside the encounter's own 15-minute slot.
    const lo = e.slot * 15;
    if (e.first_seen_min < lo || e.last_seen_min > lo + 14) out.push({ path: p, code: 'minutes_outside_slot', message: 'seen minutes are outside the slot' });
    if (e.slot > maxSlot) out.push({ path: p, code: 'slot_in_future', message: 'slot is in the future' });
    tooOld(e.slot, p);
  });
  b.slot_keys.forEach((k, i) => {
    if (k.slot > maxSlot) out.push({ path: `/slot_keys/${i}`, code: 'slot_in_future', message: 'slot is in the future' });
    tooOld(k.slot, `/slot_keys/${i}`);
  });
  b.attendance.forEach((a, i) => {
    if (a.slot > maxSlot) out.push({ path: `/attendance/${i}`, code: 'slot_in_future', message: 'slot is in the future' });
    tooOld(a.slot, `/attendance/${i}`);
  });
  return out;
}
