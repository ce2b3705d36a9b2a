// Bluezone iPhones never put their ID in an advert (docs/protocol.md §1.3): in the
// foreground they advertise the 128-bit service …A667, in the background CoreBluetooth moves
// it into Apple's "overflow area" (manufacturer 0x004C, `01` + 16-byte bitmap) where Bluezone
// assumes its bit is 0x08 of bitmap byte 0. Either form means: connect and read …A689.
import { AD_TYPE, encodeAdStructures } from './ad-structures.js';
import type { AdvertFields } from './advert-fields.js';
import {
  APPLE_COMPANY_ID,
  BLUEZONE_IOS_SERVICE_TEXT,
  BLUEZONE_IOS_SERVICE_UUID,
  uuid128ToAirBytes,
} from './ble-uuids.js';

export type IosDetection = 'service_uuid' | 'overflow_bitmap';

const OVERFLOW_TYPE = 0x01;
const OVERFLOW_BITMAP_BYTES = 16;
const BLUEZONE_OVERFLOW_BIT = 0x08;

export function detectBluezoneIos(fields: AdvertFields): IosDetection | null {
  if (fields.serviceUuids.includes(BLUEZONE_IOS_SERVICE_TEXT)) return 'service_uuid';
  for (const m of fields.manufacturer) {
    const p = m.payload;
    // Masked test, unlike Android's exact-match filter: another background app setting
    // its own overflow bit must not hide a Bluezone iPhone from the kiosk.
    if (
      m.companyId === APPLE_COMPANY_ID &&
      p.length === 1 + OVERFLOW_BITMAP_BYTES &&
      p[0] === OVERFLOW_TYPE &&
      (p[1]! & BLUEZONE_OVERFLOW_BIT) !== 0
    ) {
      return 'overflow_bitmap';
    }
  }
  return null;
}

/** Background-iPhone advert: Flags + Apple overflow area with the Bluezone bit (simulator, tests). */
export function encodeIosOverflowAdvert(extraBits: Uint8Array = new Uint8Array(OVERFLOW_BITMAP_BYTES)): Uint8Array {
  if (extraBits.length !== OVERFLOW_BITMAP_BYTES) throw new RangeError('overflow bitmap is 16 bytes');
  const out = new Uint8Array(3 + 2 + 2 + 1 + OVERFLOW_BITMAP_BYTES);
  out.set([0x02, 0x01, 0x06, 2 + 2 + OVERFLOW_BITMAP_BYTES, 0xff, APPLE_COMPANY_ID & 0xff, APPLE_COMPANY_ID >> 8, OVERFLOW_TYPE]);
  out.set(extraBits, 8);
  out[8] = out[8]! | BLUEZONE_OVERFLOW_BIT;
  return out;
}

/** Foreground-iPhone advert: Flags + complete 128-bit list [service …A667] (simulator, tests). */
export function encodeIosServiceAdvert(): Uint8Array {
  return encodeAdStructures([
    { type: AD_TYPE.flags, data: Uint8Array.of(0x06) },
    { type: AD_TYPE.complete128, data: uuid128ToAirBytes(BLUEZONE_IOS_SERVICE_UUID) },
  ]);
}
