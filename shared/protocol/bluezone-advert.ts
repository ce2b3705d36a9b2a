// Bluezone Android advert (docs/protocol.md §1.2): Flags · complete 16-bit UUID list
// [0x4E56] · manufacturer 0x22B5 + the 12-byte current ID = 23 bytes. The kiosk's beacon
// sends exactly this layout so both Android and iOS Bluezone phones log it (§1.4, §1.5).
import { AD_TYPE, encodeAdStructures } from './ad-structures.js';
import type { AdvertFields } from './advert-fields.js';
import { BLUEZONE_MANUFACTURER_ID, BLUEZONE_SERVICE_TEXT, BLUEZONE_SERVICE_UUID16 } from './ble-uuids.js';
import { BLUEZONE_ID_BYTES } from './bluezone-id.js';

/** LE General Discoverable, BR/EDR not supported — what Android's stack sets. */
export const DEFAULT_ADV_FLAGS = 0x06;
export const BLUEZONE_ADVERT_BYTES = 23;

export function encodeBluezoneAdvert(id: Uint8Array, flags = DEFAULT_ADV_FLAGS): Uint8Array {
  if (id.length !== BLUEZONE_ID_BYTES) throw new RangeError(`a Bluezone ID is 12 bytes, got ${id.length}`);
  const mfr = new Uint8Array(2 + BLUEZONE_ID_BYTES);
  mfr[0] = BLUEZONE_MANUFACTURER_ID & 0xff;
  mfr[1] = BLUEZONE_MANUFACTURER_ID >> 8;
  mfr.set(id, 2);
  return encodeAdStructures([
    { type: AD_TYPE.flags, data: Uint8Array.of(flags & 0xff) },
    { type: AD_TYPE.complete16, data: Uint8Array.of(BLUEZONE_SERVICE_UUID16 & 0xff, BLUEZONE_SERVICE_UUID16 >> 8) },
    { type: AD_TYPE.manufacturer, data: mfr },
  ]);
}

export type BluezoneAndroidDecode =
  | { readonly kind: 'bluezone_android'; readonly id: Uint8Array }
  | { readonly kind: 'not_bluezone_android' }
  | {
      readonly kind: 'rejected';
      readonly reason: 'bluezone_missing_id' | 'bluezone_bad_id_length' | 'bluezone_conflicting_ids';
    };

/**
 * Decodes a Bluezone Android advert from normalised fields, in any AD order. Like the
 * Android app (§1.4) it requires the 0x4E56 service UUID and manufacturer 0x22B5 with
 * exactly 12 bytes; a 0x4E56 advert without a valid ID is rejected, not ignored.
 */
export function decodeBluezoneAndroid(fields: AdvertFields): BluezoneAndroidDecode {
  if (!fields.serviceUuids.includes(BLUEZONE_SERVICE_TEXT)) return { kind: 'not_bluezone_android' };
  const ours = fields.manufacturer.filter((m) => m.companyId === BLUEZONE_MANUFACTURER_ID);
  if (ours.length === 0) return { kind: 'rejected', reason: 'bluezone_missing_id' };
  if (ours.some((m) => m.payload.length !== BLUEZONE_ID_BYTES)) {
    return { kind: 'rejected', reason: 'bluezone_bad_id_length' };
  }
  const first = ours[0]!.payload;
  if (ours.some((m) => m.payload.some((b, i) => b !== first[i]))) {
    return { kind: 'rejected', reason: 'bluezone_conflicting_ids' };
  }
  return { kind: 'bluezone_android', id: first.slice() };
}
