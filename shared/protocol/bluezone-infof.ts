// Bluezone's F0 key formats (docs/protocol.md §3.1, §3.3, §3.4):
// - "InfoF" JSON sent by the phone: {base_id, time, daily_key, time_start}; daily_key is the
//   key of day time_start (Unix s, UTC midnight); later days follow by hashing (forward chain).
// - the daily-key entry pushed to phones: {daily_key, time_start, time_end, max}.
// Pure parsing and expansion into per-slot IDs; the caller decides the infectious window.
import { fromHex, toHex } from '../hex.js';
import { SLOT_MS, DAY_MS, SLOTS_PER_DAY } from '../domain/slots.js';
import { firstSubKey, idFromSubKey, nextDailyKey } from './bluezone-id.js';
import { sha256 } from '@noble/hashes/sha2.js';

export interface DailyKeyEntry {
  /** 64 hex. */
  readonly daily_key: string;
  /** Unix seconds of the key's first slot. */
  readonly time_start: number;
  /** Unix seconds; the phone stops deriving when t > time_end. */
  readonly time_end: number;
  /** Slots per day (Bluezone default 96). */
  readonly max: number;
}

export interface InfoF {
  readonly base_id?: string;
  readonly time?: number;
  readonly daily_key: string;
  readonly time_start: number;
}

export type KeyErrorCode = 'key_invalid' | 'time_invalid' | 'max_invalid' | 'window_invalid';

export class KeyFormatError extends Error {
  constructor(
    readonly code: KeyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KeyFormatError';
  }
}

const KEY_RE = /^[0-9A-Fa-f]{64}$/;
const MIN_S = Date.UTC(2020, 0, 1) / 1000;
const MAX_S = Date.UTC(2100, 0, 1) / 1000;

function checkTime(name: string, t: unknown): number {
  if (typeof t !== 'number' || !Number.isInteger(t) || t < MIN_S || t >= MAX_S) {
    throw new KeyFormatError('time_invalid', `${name} must be Unix seconds between 2020 and 2100`);
  }
  return t;
}

function checkKey(name: string, k: unknown): string {
  if (typeof k !== 'string' || !KEY_RE.test(k)) throw new KeyFormatError('key_invalid', `${name} must be 64 hex characters`);
  return k.toUpperCase();
}

/** Validates an entry; time_start must sit on the slot grid for IDs to line up with real slots. */
export function validateDailyKeyEntry(e: DailyKeyEntry): DailyKeyEntry {
  const daily_key = checkKey('daily_key', e.daily_key);
  const time_start = checkTime('time_start', e.time_start);
  const time_end = checkTime('time_end', e.time_end);
  if (!Number.isInteger(e.max) || e.max < 1 || e.max > 1440 || DAY_MS % e.max !== 0) {
    throw new KeyFormatError('max_invalid', 'max must be a divisor of a day in slots (96 by default)');
  }
  if (e.max !== SLOTS_PER_DAY) {
    // The whole kiosk/server grid is 96 slots of 15 min; other values cannot be matched.
    throw new KeyFormatError('max_invalid', `only max = ${SLOTS_PER_DAY} is supported`);
  }
  if ((time_start * 1000) % SLOT_MS !== 0) throw new KeyFormatError('time_invalid', 'time_start must be on a 15-minute boundary');
  if (time_end < time_start) throw new KeyFormatError('window_invalid', 'time_end is before time_start');
  return { daily_key, time_start, time_end, max: e.max };
}

/** Turns an InfoF into an entry running to `timeEndS`. base_id is deliberately ignored (§5.2). */
export function entryFromInfoF(info: InfoF, timeEndS: number): DailyKeyEntry {
  const daily_key = checkKey('daily_key', info.daily_key);
  const time_start = checkTime('time_start', info.time_start);
  if ((time_start * 1000) % DAY_MS !== 0) throw new KeyFormatError('time_invalid', 'InfoF time_start must be a UTC midnight');
  return validateDailyKeyEntry({ daily_key, time_start, time_end: timeEndS, max: SLOTS_PER_DAY });
}

export interface SlotIdentity {
  /** Global slot number (floor(ms / 900 000)). */
  readonly slot: number;
  readonly id: string;
}

/**
 * All IDs of an entry whose slot lies in [fromSlot, toSlot], derived as Bluezone phones do
 * (§3.4): sub-key chain restarts after `max` slots with the next daily key.
 */
export function expandEntry(entry: DailyKeyEntry, fromSlot: number, toSlot: number, limit = 21 * SLOTS_PER_DAY): SlotIdentity[] {
  const e = validateDailyKeyEntry(entry);
  const startSlot = (e.time_start * 1000) / SLOT_MS;
  const endSlot = Math.min(Math.floor((e.time_end * 1000) / SLOT_MS), toSlot);
  const out: SlotIdentity[] = [];
  let day = fromHex(e.daily_key);
  let sub = firstSubKey(day);
  for (let slot = startSlot, i = 0; slot <= endSlot; slot += 1, i += 1) {
    if (i === e.max) {
      day = nextDailyKey(day);
      sub = firstSubKey(day);
      i = 0;
    }
    if (slot >= fromSlot) {
      out.push({ slot, id: toHex(idFromSubKey(sub)) });
      if (out.length >= limit) break;
    }
    sub = sha256(sub);
  }
  return out;
}

/** The broadcast ID a kiosk uses in the slot whose key is K: ID of sub-key S0 of K. */
export function kioskBroadcastId(keyHex: string): string {
  return toHex(idFromSubKey(firstSubKey(fromHex(keyHex))));
}
