// What of an exposure's window the exposure feed holds, per slot range (docs/architecture.md
// §5.5). A slot of the window [first_slot, last_slot] is
//   published    every key the venue's kiosks uploaded for it is in the feed;
//   unpublished  at least one uploaded key is not in the feed yet (the next "notify
//                visitors" publishes exactly these);
//   no_key       no kiosk of the venue has uploaded a key for it (not publishable yet).
// The exposure's status follows from it, so a window that grows after "visitors notified"
// shows as partly notified until its new slots are published.
import type { ExposureStatus } from '../../shared/api/server-api.js';

export type SlotState = 'published' | 'unpublished' | 'no_key';

export interface SlotRange {
  first_slot: number;
  last_slot: number;
  state: SlotState;
}

export interface PublicationState {
  ranges: SlotRange[];
  published_slots: number;
  unpublished_slots: number;
  missing_key_slots: number;
}

/** One row per uploaded key of the venue in the window, and whether the feed holds it. */
export interface KeyState {
  slot: number;
  published: boolean;
}

export function publicationState(firstSlot: number, lastSlot: number, keys: readonly KeyState[]): PublicationState {
  const perSlot = new Map<number, SlotState>();
  for (const k of keys) {
    if (k.slot < firstSlot || k.slot > lastSlot) continue;
    const prev = perSlot.get(k.slot);
    perSlot.set(k.slot, !k.published || prev === 'unpublished' ? 'unpublished' : 'published');
  }
  const out: PublicationState = { ranges: [], published_slots: 0, unpublished_slots: 0, missing_key_slots: 0 };
  for (let slot = firstSlot; slot <= lastSlot; slot += 1) {
    const state = perSlot.get(slot) ?? 'no_key';
    if (state === 'published') out.published_slots += 1;
    else if (state === 'unpublished') out.unpublished_slots += 1;
    else out.missing_key_slots += 1;
    const last = out.ranges[out.ranges.length - 1];
    if (last && last.state === state && last.last_slot === slot - 1) last.last_slot = slot;
    else out.ranges.push({ first_slot: slot, last_slot: slot, state });
  }
  return out;
}

/** The status an official sees; `closed` is final and set only by an official. */
export function deriveStatus(current: string, pub: PublicationState, venueNoticed: boolean): ExposureStatus {
  if (current === 'closed') return 'closed';
  if (pub.published_slots > 0) return pub.unpublished_slots > 0 ? 'visitors_partially_notified' : 'visitors_notified';
  return venueNoticed ? 'venue_notified' : 'new';
}
