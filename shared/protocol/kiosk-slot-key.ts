// The kiosk's identity (docs/protocol.md §4.1): an independent random 32-byte key K_j per UTC
// 15-minute slot j. It broadcasts the Bluezone ID of slot index 0 of K_j, i.e.
// idFromSubKey(SHA-256(K_j ‖ "bluzonesubkey")). Unlike Bluezone's forward chain, a published
// key reveals nothing about any other slot.
//
// Publication (docs/protocol.md §3.4, §4.2). Both Bluezone apps match a pushed entry with
//   t = time_start; while (t <= time_end) { test ID_i in [t, t + 86400/max] (inclusive); t += 86400/max }
// (Android BluezoneIdTrace.checkContactF in ms, iOS BluezoneIdTrace.swift in seconds). So:
//  - the window length is 86400/max, chosen by the entry, not by the phone;
//  - `time_end = time_start + window - 1` makes the loop test exactly one window (with
//    `time_end = slot end` it tests a second one, for an ID nobody sent);
//  - only the first window's ID (sub-key 0) is tested, which is the one the kiosk broadcast.
// We publish max = 80 (a 1080 s window) starting 90 s before the slot: a phone that logged
// the kiosk's ID up to 90 s before or after the slot by its own clock (clock skew, Android's
// 10-s batched scan reports) is still alerted. The ID exists only during slot j, so the wider
// window admits no one who was not there.
import { toHex } from '../hex.js';
import { SLOT_MS, slotEnd, slotStart } from '../domain/slots.js';
import { BLUEZONE_KEY_BYTES, firstSubKey, idFromSubKey } from './bluezone-id.js';

/** Seconds of phone clock skew tolerated on either side of a published slot. */
export const FEED_SKEW_TOLERANCE_S = 90;
/** `max` of published entries: 86400 / 80 = 1080 s = 900 s slot + 2 × 90 s. */
export const FEED_ENTRY_MAX = 80;
const FEED_WINDOW_S = 86_400 / FEED_ENTRY_MAX;

export function generateSlotKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(BLUEZONE_KEY_BYTES));
}

/** The ID the kiosk broadcasts during the slot whose key is given. */
export function kioskSlotId(slotKey: Uint8Array): Uint8Array {
  return idFromSubKey(firstSubKey(slotKey));
}

/** Bluezone's published daily-key entry (the `InfoF.data[]` element of the push). */
export interface BluezoneDailyKeyEntry {
  readonly daily_key: string;
  /** Unix seconds. */
  readonly time_start: number;
  /** Unix seconds. */
  readonly time_end: number;
  readonly max: number;
}

/** The phone-clock interval (Unix ms, inclusive) in which a logged kiosk ID of `slot` alerts. */
export function alertWindow(slot: number): { from: number; to: number } {
  return { from: slotStart(slot) - FEED_SKEW_TOLERANCE_S * 1000, to: slotEnd(slot) + FEED_SKEW_TOLERANCE_S * 1000 };
}

/** The published entry for one kiosk slot key (hex): one widened window, tested once. */
export function publishedSlotEntry(slot: number, keyHex: string): BluezoneDailyKeyEntry {
  if (!/^[0-9A-Fa-f]{64}$/.test(keyHex)) throw new RangeError('a slot key is 32 bytes (64 hex)');
  const time_start = (slot * SLOT_MS) / 1000 - FEED_SKEW_TOLERANCE_S;
  return { daily_key: keyHex.toUpperCase(), time_start, time_end: time_start + FEED_WINDOW_S - 1, max: FEED_ENTRY_MAX };
}

export function slotKeyEntry(slot: number, slotKey: Uint8Array): BluezoneDailyKeyEntry {
  if (slotKey.length !== BLUEZONE_KEY_BYTES) throw new RangeError('a slot key is 32 bytes');
  return publishedSlotEntry(slot, toHex(slotKey));
}
