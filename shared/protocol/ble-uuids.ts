// UUIDs and company IDs of the protocols the kiosk speaks (docs/protocol.md §1.1).
// Canonical form inside the codecs: lower-case hex without dashes, 4 digits for a 16-bit
// UUID (also when it arrived as a 128-bit UUID on the Bluetooth base), 8 for 32-bit, 32 for 128-bit.

export const BLUEZONE_SERVICE_UUID16 = 0x4e56;
export const BLUEZONE_MANUFACTURER_ID = 0x22b5;
export const BLUEZONE_IOS_SERVICE_UUID = '00004E56-73F5-4BC4-A12F-17D1AD07A667';
export const BLUEZONE_IOS_CHARACTERISTIC_UUID = '00004E56-73F5-4BC4-A12F-17D1AD07A689';
export const APPLE_COMPANY_ID = 0x004c;
export const GAEN_SERVICE_UUID16 = 0xfd6f;

const BASE_SUFFIX = '00001000800000805f9b34fb';

/** Canonical UUID form (see above), or null when the text is not a UUID. Never throws. */
export function canonicalUuid(text: string): string | null {
  if (typeof text !== 'string' || text.length > 64) return null;
  const hex = text.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(hex)) return null;
  if (hex.length <= 4) return hex.padStart(4, '0');
  if (hex.length <= 8) return hex.padStart(8, '0');
  if (hex.length !== 32) return null;
  if (hex.endsWith(BASE_SUFFIX)) {
    const short = hex.slice(0, 8);
    return short.startsWith('0000') ? short.slice(4) : short;
  }
  return hex;
}

export function uuid16Text(uuid: number): string {
  return uuid.toString(16).padStart(4, '0');
}

/** 128-bit UUID as it goes on air (little-endian bytes). */
export function uuid128ToAirBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`not a 128-bit UUID: ${uuid}`);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i += 1) out[15 - i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** 128-bit UUID from on-air little-endian bytes, canonical form. */
export function uuid128FromAirBytes(bytes: Uint8Array): string {
  let hex = '';
  for (let i = bytes.length - 1; i >= 0; i -= 1) hex += bytes[i]!.toString(16).padStart(2, '0');
  return hex;
}

export const BLUEZONE_SERVICE_TEXT = uuid16Text(BLUEZONE_SERVICE_UUID16);
export const GAEN_SERVICE_TEXT = uuid16Text(GAEN_SERVICE_UUID16);
export const BLUEZONE_IOS_SERVICE_TEXT = canonicalUuid(BLUEZONE_IOS_SERVICE_UUID)!;
export const BLUEZONE_IOS_CHARACTERISTIC_TEXT = canonicalUuid(BLUEZONE_IOS_CHARACTERISTIC_UUID)!;
