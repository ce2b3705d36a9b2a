// Bluezone's key schedule (docs/protocol.md §2.1, verified against captured data in §6):
//   daily key D(k+1) = SHA-256(D(k))            forward chain from the install's base key
//   sub-key  S0 = SHA-256(D ‖ "bluzonesubkey"), S(i+1) = SHA-256(S(i))   (note the spelling)
//   ID of slot i = 12 bytes of S(i) at offsets 0,4,8,12,16,18,20,22,24,26,28,30
import { sha256 } from '@noble/hashes/sha2.js';
import { SLOTS_PER_DAY } from '../domain/slots.js';

export const BLUEZONE_KEY_BYTES = 32;
export const BLUEZONE_ID_BYTES = 12;
const SUBKEY_SALT = new TextEncoder().encode('bluzonesubkey');
const ID_OFFSETS = [0, 4, 8, 12, 16, 18, 20, 22, 24, 26, 28, 30] as const;

function assertKey(key: Uint8Array): void {
  if (key.length !== BLUEZONE_KEY_BYTES) {
    throw new RangeError(`a Bluezone key is ${BLUEZONE_KEY_BYTES} bytes, got ${key.length}`);
  }
}

/** The daily key `days` days after the given one (forward hash chain). */
export function nextDailyKey(dailyKey: Uint8Array, days = 1): Uint8Array {
  assertKey(dailyKey);
  let key = dailyKey;
  for (let i = 0; i < days; i += 1) key = sha256(key);
  return key;
}

/** First sub-key of a daily key: SHA-256(D ‖ "bluzonesubkey"). */
export function firstSubKey(dailyKey: Uint8Array): Uint8Array {
  assertKey(dailyKey);
  const buf = new Uint8Array(dailyKey.length + SUBKEY_SALT.length);
  buf.set(dailyKey, 0);
  buf.set(SUBKEY_SALT, dailyKey.length);
  return sha256(buf);
}

/** The 12-byte Bluezone ID picked out of a 32-byte sub-key. */
export function idFromSubKey(subKey: Uint8Array): Uint8Array {
  assertKey(subKey);
  const id = new Uint8Array(BLUEZONE_ID_BYTES);
  ID_OFFSETS.forEach((offset, i) => {
    id[i] = subKey[offset]!;
  });
  return id;
}

/** The IDs of slots 0 … count-1 of the day whose daily key is given. */
export function dailyIds(dailyKey: Uint8Array, count = SLOTS_PER_DAY): Uint8Array[] {
  if (!Number.isInteger(count) || count < 1 || count > 1440) {
    throw new RangeError(`slots per day must be an integer in 1…1440, got ${count}`);
  }
  const ids: Uint8Array[] = [];
  let sub = firstSubKey(dailyKey);
  for (let i = 0; i < count; i += 1) {
    ids.push(idFromSubKey(sub));
    if (i + 1 < count) sub = sha256(sub);
  }
  return ids;
}

/** The ID of one slot index (0-based, within the day) of a daily key. */
export function slotId(dailyKey: Uint8Array, slotIndex: number): Uint8Array {
  if (!Number.isInteger(slotIndex) || slotIndex < 0) throw new RangeError(`bad slot index ${slotIndex}`);
  let sub = firstSubKey(dailyKey);
  for (let i = 0; i < slotIndex; i += 1) sub = sha256(sub);
  return idFromSubKey(sub);
}
