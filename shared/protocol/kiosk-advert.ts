// The kiosk's own advert: Bluezone's Android layout (so unmodified phones log the kiosk as a
// contact) plus a 4-byte kiosk marker, so kiosks of this system recognise each other and
// themselves and never count a kiosk as a visitor.
//
// Why the marker is service data, checked against the apps' scan code (read, not copied):
// - Android, BluezoneGlobal/react-native-bluetooth-scan `ServiceTraceCovid.java` (master
//   4a5ce99 and 3.0.7 at 7f8af0b, `onScanResult`): a result is a Bluezone Android contact when
//   `ScanRecord.getServiceUuids()` contains 0x4E56; the ID is
//   `getManufacturerSpecificData(0x22B5)` and must be exactly 12 bytes
//   (`BluezoneIdUtils.isBluezoneIdValidate`). Service data (AD type 0x16) goes to
//   `getServiceData()`, which the app never reads, so neither check changes.
// - iOS, BluezoneGlobal/bluezone-app `ios/Scanner/BleCentralManager.swift` (`didDiscover`):
//   scans for services [A667, 0x4E56]; takes `CBAdvertisementDataManufacturerDataKey`, drops
//   its first 2 bytes and accepts exactly 12. CoreBluetooth exposes one manufacturer-data
//   value, so a second manufacturer field could displace the ID: the marker must not be one.
//   Service data arrives under `CBAdvertisementDataServiceDataKey`, which the app ignores.
// Flags (3) + UUID list (4) + manufacturer (16) + service data (8) = 31 bytes, the legacy
// advertising limit; nothing goes in the scan response, which passive scanners never see.
import { sha256 } from '@noble/hashes/sha2.js';
import { AD_TYPE, encodeAdStructures } from './ad-structures.js';
import type { AdvertFields } from './advert-fields.js';
import { BLUEZONE_MANUFACTURER_ID, BLUEZONE_SERVICE_TEXT, BLUEZONE_SERVICE_UUID16 } from './ble-uuids.js';
import { DEFAULT_ADV_FLAGS } from './bluezone-advert.js';
import { BLUEZONE_ID_BYTES } from './bluezone-id.js';

export const KIOSK_MARKER_BYTES = 4;
export const KIOSK_ADVERT_BYTES = 31;
const MARKER_SALT = new TextEncoder().encode('bluezone-kiosk-marker');

/**
 * The marker is bound to the ID it travels with (a hash of salt ‖ ID), so a phone's advert
 * cannot carry it by accident (2^-32) and a copied marker on another ID does not match.
 */
export function kioskMarker(id: Uint8Array): Uint8Array {
  const buf = new Uint8Array(MARKER_SALT.length + id.length);
  buf.set(MARKER_SALT, 0);
  buf.set(id, MARKER_SALT.length);
  return sha256(buf).subarray(0, KIOSK_MARKER_BYTES);
}

export function encodeKioskAdvert(id: Uint8Array, flags = DEFAULT_ADV_FLAGS): Uint8Array {
  if (id.length !== BLUEZONE_ID_BYTES) throw new RangeError(`a Bluezone ID is 12 bytes, got ${id.length}`);
  const uuid = Uint8Array.of(BLUEZONE_SERVICE_UUID16 & 0xff, BLUEZONE_SERVICE_UUID16 >> 8);
  const mfr = new Uint8Array(2 + BLUEZONE_ID_BYTES);
  mfr[0] = BLUEZONE_MANUFACTURER_ID & 0xff;
  mfr[1] = BLUEZONE_MANUFACTURER_ID >> 8;
  mfr.set(id, 2);
  const sd = new Uint8Array(2 + KIOSK_MARKER_BYTES);
  sd.set(uuid, 0);
  sd.set(kioskMarker(id), 2);
  return encodeAdStructures([
    { type: AD_TYPE.flags, data: Uint8Array.of(flags & 0xff) },
    { type: AD_TYPE.complete16, data: uuid },
    { type: AD_TYPE.manufacturer, data: mfr },
    { type: AD_TYPE.serviceData16, data: sd },
  ]);
}

/**
 * True when a decoded Bluezone Android ID travels with this system's kiosk marker. A marker
 * that does not match its ID is not a kiosk: the advert is then treated as a phone's.
 */
export function hasKioskMarker(fields: AdvertFields, id: Uint8Array): boolean {
  const entry = fields.serviceData.find((d) => d.uuid === BLUEZONE_SERVICE_TEXT);
  if (entry === undefined || entry.data.length !== KIOSK_MARKER_BYTES) return false;
  const expected = kioskMarker(id);
  for (let i = 0; i < KIOSK_MARKER_BYTES; i += 1) if (entry.data[i] !== expected[i]) return false;
  return true;
}
