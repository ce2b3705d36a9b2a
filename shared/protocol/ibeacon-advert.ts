// iBeacon advert (Apple manufacturer data, subtype 0x02 length 0x15). Bluezone 3.0.7+ uses
// one fixed region to wake sleeping iPhones (docs/protocol.md §1.1, §1.3); the kiosk may
// time-slice it with its Bluezone advert.
import { AD_TYPE, encodeAdStructures } from './ad-structures.js';
import type { AdvertFields } from './advert-fields.js';
import { APPLE_COMPANY_ID, uuid128FromAirBytes } from './ble-uuids.js';

export interface IBeacon {
  /** Proximity UUID, dashed or not. */
  readonly uuid: string;
  readonly major: number;
  readonly minor: number;
  /** Measured power at 1 m, dBm (signed). */
  readonly measuredPower: number;
}

export const BLUEZONE_WAKEUP_IBEACON: IBeacon = {
  uuid: 'C7AFEF7B-1788-4F4A-A87D-691D53BF21C4',
  major: 20,
  minor: 20,
  measuredPower: -59,
};

const IBEACON_TYPE = 0x02;
const IBEACON_LEN = 0x15;

function uuidBigEndian(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`not a 128-bit UUID: ${uuid}`);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i += 1) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function assertU16(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new RangeError(`${name} must be 0…65535`);
}

/** Flags + Apple manufacturer data = 30 bytes. The proximity UUID is big-endian on air. */
export function encodeIBeacon(beacon: IBeacon): Uint8Array {
  assertU16(beacon.major, 'major');
  assertU16(beacon.minor, 'minor');
  if (!Number.isInteger(beacon.measuredPower) || beacon.measuredPower < -128 || beacon.measuredPower > 127) {
    throw new RangeError('measuredPower must be a signed byte');
  }
  const mfr = new Uint8Array(25);
  mfr[0] = APPLE_COMPANY_ID & 0xff;
  mfr[1] = APPLE_COMPANY_ID >> 8;
  mfr[2] = IBEACON_TYPE;
  mfr[3] = IBEACON_LEN;
  mfr.set(uuidBigEndian(beacon.uuid), 4);
  mfr[20] = beacon.major >> 8;
  mfr[21] = beacon.major & 0xff;
  mfr[22] = beacon.minor >> 8;
  mfr[23] = beacon.minor & 0xff;
  mfr[24] = beacon.measuredPower & 0xff;
  return encodeAdStructures([
    { type: AD_TYPE.flags, data: Uint8Array.of(0x06) },
    { type: AD_TYPE.manufacturer, data: mfr },
  ]);
}

/** An iBeacon in the fields, or null. Never throws. */
export function decodeIBeacon(fields: AdvertFields): IBeacon | null {
  for (const m of fields.manufacturer) {
    const p = m.payload;
    if (m.companyId !== APPLE_COMPANY_ID || p.length !== 23 || p[0] !== IBEACON_TYPE || p[1] !== IBEACON_LEN) continue;
    // uuid128FromAirBytes reverses; the iBeacon UUID is already big-endian, so reverse a copy first.
    const uuidHex = uuid128FromAirBytes(p.slice(2, 18).reverse());
    const dashed = `${uuidHex.slice(0, 8)}-${uuidHex.slice(8, 12)}-${uuidHex.slice(12, 16)}-${uuidHex.slice(16, 20)}-${uuidHex.slice(20)}`;
    return {
      uuid: dashed.toUpperCase(),
      major: (p[18]! << 8) | p[19]!,
      minor: (p[20]! << 8) | p[21]!,
      measuredPower: p[22]! > 127 ? p[22]! - 256 : p[22]!,
    };
  }
  return null;
}
