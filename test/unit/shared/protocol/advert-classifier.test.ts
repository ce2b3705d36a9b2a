import { describe, expect, it } from 'vitest';
import { classifyAdvertBytes, classifyNobleAdvertisement } from '../../../../shared/protocol/advert-classifier.js';
import { encodeBluezoneAdvert } from '../../../../shared/protocol/bluezone-advert.js';
import { encodeIosOverflowAdvert, encodeIosServiceAdvert } from '../../../../shared/protocol/bluezone-ios-advert.js';
import { encodeGaenAdvert } from '../../../../shared/protocol/gaen-advert.js';
import { BLUEZONE_WAKEUP_IBEACON, encodeIBeacon } from '../../../../shared/protocol/ibeacon-advert.js';
import { fromHex, toHex } from '../../../../shared/hex.js';

const ID = fromHex('3AA8DFC0A15682B27216FC31');
const kind = (c: { kind: string }) => c.kind;

describe('advert classifier on raw bytes', () => {
  it('decodes a Bluezone Android advert to its ID', () => {
    const c = classifyAdvertBytes(encodeBluezoneAdvert(ID));
    expect(c.kind).toBe('bluezone_android');
    expect(c.kind === 'bluezone_android' && toHex(c.id)).toBe(toHex(ID));
  });

  it('does not depend on AD order', () => {
    const reordered = fromHex('0FFFB522' + toHex(ID) + '03 03 56 4E 020106'.replace(/ /g, ''));
    const c = classifyAdvertBytes(reordered);
    expect(c.kind === 'bluezone_android' && toHex(c.id)).toBe(toHex(ID));
  });

  it.each([
    ['020106 0303564E', 'bluezone_missing_id'],
    ['0303564E 0EFFB522' + '00'.repeat(11), 'bluezone_bad_id_length'],
    ['0303564E 10FFB522' + '00'.repeat(13), 'bluezone_bad_id_length'],
    ['0303564E 0FFFB522' + '11'.repeat(12) + '0FFFB522' + '22'.repeat(12), 'bluezone_conflicting_ids'],
    ['03166FFD', 'gaen_bad_length'],
    ['FF01', 'ad_truncated_structure'],
  ])('rejects %s as %s', (hex, reason) => {
    expect(classifyAdvertBytes(fromHex(hex.replace(/ /g, '')))).toEqual({ kind: 'rejected', reason });
  });

  it('flags both iPhone forms as GATT candidates', () => {
    expect(classifyAdvertBytes(encodeIosServiceAdvert())).toEqual({ kind: 'bluezone_ios_candidate', via: 'service_uuid' });
    expect(classifyAdvertBytes(encodeIosOverflowAdvert())).toEqual({ kind: 'bluezone_ios_candidate', via: 'overflow_bitmap' });
    // Another background app's bit set too: still a candidate (masked test).
    const bits = new Uint8Array(16);
    bits[3] = 0x40;
    expect(kind(classifyAdvertBytes(encodeIosOverflowAdvert(bits)))).toBe('bluezone_ios_candidate');
    // Overflow area without the Bluezone bit is just an iPhone.
    expect(kind(classifyAdvertBytes(fromHex('14FF4C0001' + '00'.repeat(16))))).toBe('noise');
  });

  it('decodes GAEN RPI and AEM', () => {
    const rpi = fromHex('00112233445566778899AABBCCDDEEFF');
    const c = classifyAdvertBytes(encodeGaenAdvert(rpi, fromHex('01020304')));
    expect(c.kind === 'gaen' && [toHex(c.rpi), toHex(c.aem)]).toEqual([toHex(rpi), '01020304']);
  });

  it('counts everything else as noise', () => {
    expect(kind(classifyAdvertBytes(encodeIBeacon(BLUEZONE_WAKEUP_IBEACON)))).toBe('noise');
    expect(kind(classifyAdvertBytes(new Uint8Array(0)))).toBe('noise');
    expect(kind(classifyAdvertBytes(fromHex('0FFFB522' + toHex(ID))))).toBe('noise');
  });
});

describe('advert classifier on noble advertisement objects', () => {
  it('decodes the shape noble produces', () => {
    const mfr = Uint8Array.from([0xb5, 0x22, ...ID]);
    const c = classifyNobleAdvertisement({ serviceUuids: ['4e56'], manufacturerData: mfr, serviceData: [] });
    expect(c.kind === 'bluezone_android' && toHex(c.id)).toBe(toHex(ID));
    const g = classifyNobleAdvertisement({ serviceUuids: ['fd6f'], serviceData: [{ uuid: 'fd6f', data: new Uint8Array(20) }] });
    expect(g.kind).toBe('gaen');
    const i = classifyNobleAdvertisement({ serviceUuids: ['00004e5673f54bc4a12f17d1ad07a667'] });
    expect(i.kind).toBe('bluezone_ios_candidate');
  });

  it.each([null, 7, 'x', { serviceUuids: 'nope' }, { serviceUuids: [3] }, { manufacturerData: 'B522' }, { serviceData: [null] }])(
    'rejects a malformed object %#',
    (adv) => {
      expect(classifyNobleAdvertisement(adv)).toEqual({ kind: 'rejected', reason: 'noble_bad_advertisement' });
    },
  );

  it('turns a throwing getter into a rejection', () => {
    const evil = Object.defineProperty({}, 'serviceUuids', { get() { throw new Error('boom'); } });
    expect(classifyNobleAdvertisement(evil)).toEqual({ kind: 'rejected', reason: 'classifier_internal_error' });
  });
});
