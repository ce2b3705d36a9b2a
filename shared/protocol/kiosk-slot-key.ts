// The kiosk's identity (architecture.md §3): an independent random 32-byte key K_j per UTC
// 15-minute slot j. It broadcasts the Bluezone ID of slot index 0 of K_j, i.e.
// idFromSubKey(SHA-256(K_j ‖ "bluzonesubkey")). Publishing {daily_key: K_j, time_start:
// slotStart, time_end: slotEnd, max: 96} makes Bluezone's own local matching (§3.4) test
// that ID against exactly that slot's window. Unlike Bluezone's forward chain, a published
// key reveals nothing about any other slot.
import { toHex } from '../hex.js';
import { SLOTS_PER_DAY, slotEnd, slotStart } from '../domain/slots.js';
import { BLUEZONE_KEY_BYTES, firstSubKey, idFromSubKey } from './bluezone-id.js';

export function generateSlotKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(BLUEZONE_KEY_BYTES));
}

/** The ID the kiosk broadcasts during the slot whose key is given. */
export function kioskSlotId(slotKey: Uint8Array): Uint8Array {
  return idFromSubKey(firstSubKey(slotKey));
}

/** Bluezone's published daily-key entry (the `InfoF.data[]` element, §3.3). */
export interface BluezoneDailyKeyEntry {
  readonly daily_key: string;
  /** Unix seconds. */
  readonly time_start: number;
  /** Unix seconds. */
  readonly time_end: number;
  readonly max: number;
}

export function slotKeyEntry(slot: number, slotKey: Uint8Array): BluezoneDailyKeyEntry {
  if (slotKey.length !== BLUEZONE_KEY_BYTES) throw new RangeError('a slot key is 32 bytes');
  return {
    daily_key: toHex(slotKey),
    time_start: slotStart(slot) / 1000,
    time_end: slotEnd(slot) / 1000,
    max: SLOTS_PER_DAY,
  };
}
