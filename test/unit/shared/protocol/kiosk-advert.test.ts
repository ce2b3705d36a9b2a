// The kiosk's advert must still be logged by unmodified Bluezone phones while other kiosks
// recognise it. The phones' acceptance rules are re-implemented here from their scan code
// (read, not copied), on the raw AD structures, independent of our own decoder:
// - Android, BluezoneGlobal/react-native-bluetooth-scan ServiceTraceCovid.java onScanResult
//   (4a5ce99, 7f8af0b): service-UUID list contains 0x4E56, then
//   getManufacturerSpecificData(0x22B5) (a SparseArray: the last field of a company wins)
//   must be exactly 12 bytes.
// - iOS, BluezoneGlobal/bluezone-app ios/Scanner/BleCentralManager.swift didDiscover: the scan
//   filter is on service UUIDs [A667, 0x4E56]; the one manufacturer-data value, minus its
//   first 2 bytes (company not checked), must be exactly 12 bytes.
import { describe, expect, it } from 'vitest';
import { AD_TYPE, parseAdStructures } from '../../../../shared/protocol/ad-structures.js';
import { classifyAdvertBytes } from '../../../../shared/protocol/advert-classifier.js';
import { encodeBluezoneAdvert } from '../../../../shared/protocol/bluezone-advert.js';
import { encodeKioskAdvert, KIOSK_ADVERT_BYTES } from '../../../../shared/protocol/kiosk-advert.js';
import { toHex } from '../../../../shared/hex.js';

const ID = Uint8Array.from({ length: 12 }, (_, i) => 0xa0 + i);

function structures(bytes: Uint8Array) {
  const r = parseAdStructures(bytes);
  if (!r.ok) throw new Error(r.reason);
  return r.structures;
}

function uuid16List(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (const s of structures(bytes)) {
    if (s.type !== AD_TYPE.complete16 && s.type !== AD_TYPE.incomplete16) continue;
    for (let o = 0; o + 1 < s.data.length; o += 2) out.push(s.data[o]! | (s.data[o + 1]! << 8));
  }
  return out;
}

function androidPhoneLogs(bytes: Uint8Array): Uint8Array | null {
  if (!uuid16List(bytes).includes(0x4e56)) return null;
  let value: Uint8Array | null = null;
  for (const s of structures(bytes)) {
    if (s.type === AD_TYPE.manufacturer && s.data.length >= 2 && (s.data[0]! | (s.data[1]! << 8)) === 0x22b5) value = s.data.subarray(2);
  }
  return value !== null && value.length === 12 ? value : null;
}

function iosPhoneLogs(bytes: Uint8Array): Uint8Array | null {
  if (!uuid16List(bytes).includes(0x4e56)) return null;
  const mfr = structures(bytes).filter((s) => s.type === AD_TYPE.manufacturer);
  // CoreBluetooth hands the app a single manufacturer-data value: only one field is safe.
  if (mfr.length !== 1) return null;
  const value = mfr[0]!.data.subarray(2);
  return value.length === 12 ? value : null;
}

describe('kiosk advert', () => {
  it('fits a legacy advert and keeps the phone-visible fields of the Bluezone layout', () => {
    const advert = encodeKioskAdvert(ID);
    expect(advert.length).toBe(KIOSK_ADVERT_BYTES);
    expect(advert.length).toBeLessThanOrEqual(31);
    expect(toHex(advert).startsWith(toHex(encodeBluezoneAdvert(ID)))).toBe(true);
  });

  it('is logged as the kiosk ID by the Android and iOS apps’ acceptance rules', () => {
    const advert = encodeKioskAdvert(ID);
    expect(toHex(androidPhoneLogs(advert)!)).toBe(toHex(ID));
    expect(toHex(iosPhoneLogs(advert)!)).toBe(toHex(ID));
  });

  it('is classified as a kiosk, and a phone advert with the same ID as a phone', () => {
    expect(classifyAdvertBytes(encodeKioskAdvert(ID))).toMatchObject({ kind: 'kiosk' });
    expect(classifyAdvertBytes(encodeBluezoneAdvert(ID))).toMatchObject({ kind: 'bluezone_android' });
  });

  it('does not take a marker copied onto another ID as a kiosk', () => {
    const other = Uint8Array.from(ID, (b) => b ^ 0xff);
    const forged = encodeKioskAdvert(ID);
    // Replace the ID inside the manufacturer field, keep the first ID's marker.
    const at = toHex(forged).indexOf(toHex(ID)) / 2;
    forged.set(other, at);
    const c = classifyAdvertBytes(forged);
    expect(c.kind).toBe('bluezone_android');
  });
});
