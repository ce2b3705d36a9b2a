// Google/Apple Exposure Notification advert: 16-bit service UUID 0xFD6F and service data
// 0xFD6F carrying a 16-byte Rolling Proximity Identifier + 4-byte encrypted metadata.
// Foreign EN phones (tourists) are counted, never matched against Bluezone IDs.
import { AD_TYPE, encodeAdStructures } from './ad-structures.js';
import type { AdvertFields } from './advert-fields.js';
import { GAEN_SERVICE_TEXT, GAEN_SERVICE_UUID16 } from './ble-uuids.js';

export const GAEN_RPI_BYTES = 16;
export const GAEN_AEM_BYTES = 4;

export type GaenDecode =
  | { readonly kind: 'gaen'; readonly rpi: Uint8Array; readonly aem: Uint8Array }
  | { readonly kind: 'not_gaen' }
  | { readonly kind: 'rejected'; readonly reason: 'gaen_bad_length' };

export function decodeGaen(fields: AdvertFields): GaenDecode {
  const entry = fields.serviceData.find((d) => d.uuid === GAEN_SERVICE_TEXT);
  if (entry === undefined) return { kind: 'not_gaen' };
  if (entry.data.length !== GAEN_RPI_BYTES + GAEN_AEM_BYTES) return { kind: 'rejected', reason: 'gaen_bad_length' };
  return {
    kind: 'gaen',
    rpi: entry.data.slice(0, GAEN_RPI_BYTES),
    aem: entry.data.slice(GAEN_RPI_BYTES),
  };
}

/** The advert an EN phone sends (used by the simulator and tests). */
export function encodeGaenAdvert(rpi: Uint8Array, aem: Uint8Array): Uint8Array {
  if (rpi.length !== GAEN_RPI_BYTES || aem.length !== GAEN_AEM_BYTES) {
    throw new RangeError('GAEN advert needs a 16-byte RPI and 4-byte AEM');
  }
  const uuid = Uint8Array.of(GAEN_SERVICE_UUID16 & 0xff, GAEN_SERVICE_UUID16 >> 8);
  const sd = new Uint8Array(2 + GAEN_RPI_BYTES + GAEN_AEM_BYTES);
  sd.set(uuid, 0);
  sd.set(rpi, 2);
  sd.set(aem, 2 + GAEN_RPI_BYTES);
  return encodeAdStructures([
    { type: AD_TYPE.flags, data: Uint8Array.of(0x1a) },
    { type: AD_TYPE.complete16, data: uuid },
    { type: AD_TYPE.serviceData16, data: sd },
  ]);
}
