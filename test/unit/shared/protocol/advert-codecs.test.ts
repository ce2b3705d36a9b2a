import { describe, expect, it } from 'vitest';
import { encodeAdStructures, parseAdStructures } from '../../../../shared/protocol/ad-structures.js';
import { fieldsFromAdvertBytes } from '../../../../shared/protocol/advert-fields.js';
import { encodeBluezoneAdvert } from '../../../../shared/protocol/bluezone-advert.js';
import { encodeIosOverflowAdvert, encodeIosServiceAdvert } from '../../../../shared/protocol/bluezone-ios-advert.js';
import { canonicalUuid } from '../../../../shared/protocol/ble-uuids.js';
import { encodeGaenAdvert } from '../../../../shared/protocol/gaen-advert.js';
import { BLUEZONE_WAKEUP_IBEACON, decodeIBeacon, encodeIBeacon } from '../../../../shared/protocol/ibeacon-advert.js';
import { fromHex, toHex } from '../../../../shared/hex.js';

const ID = fromHex('B9A665D754FE65E665D76A45');

describe('AD structure parser', () => {
  it('parses structures in order and accepts zero padding', () => {
    const r = parseAdStructures(fromHex('020106030356 4E'.replace(/ /g, '') + '000000'));
    expect(r).toEqual({ ok: true, structures: [
      { type: 1, data: Uint8Array.of(6) },
      { type: 3, data: Uint8Array.of(0x56, 0x4e) },
    ] });
  });

  it.each([
    ['05FF0102', 'ad_truncated_structure'],
    ['FF', 'ad_truncated_structure'],
    ['02010600000001', 'ad_nonzero_padding'],
  ])('rejects %s with %s', (hex, reason) => {
    expect(parseAdStructures(fromHex(hex))).toEqual({ ok: false, reason });
  });

  it('rejects oversized input and accepts an empty scan response', () => {
    expect(parseAdStructures(new Uint8Array(1651))).toEqual({ ok: false, reason: 'ad_too_long' });
    expect(parseAdStructures(new Uint8Array(0))).toEqual({ ok: true, structures: [] });
  });

  it('round-trips encode and parse', () => {
    const s = [{ type: 0xff, data: Uint8Array.of(1, 2, 3) }, { type: 0x09, data: new Uint8Array(0) }];
    const r = parseAdStructures(encodeAdStructures(s));
    expect(r.ok && r.structures).toEqual(s);
  });
});

describe('Bluezone Android advert', () => {
  it('encodes the documented 23-byte layout', () => {
    expect(toHex(encodeBluezoneAdvert(ID))).toBe('020106030356 4E0FFFB522'.replace(/ /g, '') + toHex(ID));
    expect(encodeBluezoneAdvert(ID)).toHaveLength(23);
    expect(() => encodeBluezoneAdvert(new Uint8Array(11))).toThrow(RangeError);
  });

  it('normalises UUID lists and manufacturer fields from raw bytes', () => {
    const r = fieldsFromAdvertBytes(encodeBluezoneAdvert(ID));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fields.serviceUuids).toEqual(['4e56']);
    expect(r.fields.manufacturer[0]!.companyId).toBe(0x22b5);
    expect(toHex(r.fields.manufacturer[0]!.payload)).toBe(toHex(ID));
  });

  it('rejects odd-length UUID lists and short manufacturer data', () => {
    expect(fieldsFromAdvertBytes(fromHex('0403564E01'))).toEqual({ ok: false, reason: 'ad_bad_uuid_list' });
    expect(fieldsFromAdvertBytes(fromHex('02FF01'))).toEqual({ ok: false, reason: 'ad_short_manufacturer' });
    expect(fieldsFromAdvertBytes(fromHex('0216FD'))).toEqual({ ok: false, reason: 'ad_short_service_data' });
  });
});

describe('UUIDs', () => {
  it.each([
    ['4e56', '4e56'],
    ['abc', '0abc'],
    ['00004E56-0000-1000-8000-00805F9B34FB', '4e56'],
    ['00004E56-73F5-4BC4-A12F-17D1AD07A667', '00004e5673f54bc4a12f17d1ad07a667'],
    ['xyz', null],
    ['0123456789', null],
  ])('canonical form of %s', (input, out) => {
    expect(canonicalUuid(input)).toBe(out);
  });
});

describe('other adverts', () => {
  it('encodes the Bluezone wake-up iBeacon byte for byte', () => {
    const bytes = encodeIBeacon(BLUEZONE_WAKEUP_IBEACON);
    expect(toHex(bytes)).toBe('0201061AFF4C000215C7AFEF7B17884F4AA87D691D53BF21C400140014C5');
    const f = fieldsFromAdvertBytes(bytes);
    expect(f.ok && decodeIBeacon(f.fields)).toEqual(BLUEZONE_WAKEUP_IBEACON);
    expect(() => encodeIBeacon({ ...BLUEZONE_WAKEUP_IBEACON, major: 70000 })).toThrow(RangeError);
  });

  it('builds iPhone and GAEN adverts that fit a legacy advert', () => {
    expect(encodeIosServiceAdvert().length).toBeLessThanOrEqual(31);
    expect(toHex(encodeIosServiceAdvert()).slice(6)).toBe('110767A607ADD1172FA1C44BF573564E0000');
    expect(toHex(encodeIosOverflowAdvert()).slice(6)).toBe('14FF4C0001' + '08' + '00'.repeat(15));
    expect(encodeGaenAdvert(new Uint8Array(16), new Uint8Array(4)).length).toBeLessThanOrEqual(31);
    expect(() => encodeGaenAdvert(new Uint8Array(15), new Uint8Array(4))).toThrow(RangeError);
  });
});
