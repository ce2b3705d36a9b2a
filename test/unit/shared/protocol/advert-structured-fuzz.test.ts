// Structure-aware fuzzing: valid Bluezone Android, Bluezone iPhone (service and overflow
// forms), GAEN and iBeacon adverts with random contents, wrapped the way real radios deliver
// them (scan response appended, extra AD structures, another order), then mutated at the AD
// level and at the byte level. Random bytes almost never get past an advert's first check;
// these inputs reach every decoder's body, and the test says how many did, per decoder.
// Any exception — thrown by a decoder or swallowed by the classifier into
// `classifier_internal_error` — fails the test.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AD_TYPE, encodeAdStructures, parseAdStructures, type AdStructure } from '../../../../shared/protocol/ad-structures.js';
import { classifyAdvertBytes, classifyFields, type AdvertClass } from '../../../../shared/protocol/advert-classifier.js';
import { fieldsFromAdvertBytes, type AdvertFields } from '../../../../shared/protocol/advert-fields.js';
import { decodeBluezoneAndroid, encodeBluezoneAdvert } from '../../../../shared/protocol/bluezone-advert.js';
import { detectBluezoneIos, encodeIosOverflowAdvert, encodeIosServiceAdvert } from '../../../../shared/protocol/bluezone-ios-advert.js';
import { decodeGaen, encodeGaenAdvert } from '../../../../shared/protocol/gaen-advert.js';
import { decodeIBeacon, encodeIBeacon } from '../../../../shared/protocol/ibeacon-advert.js';
import { toHex } from '../../../../shared/hex.js';

/** Least share of each generator's inputs that must reach its decoder's body. */
const REACH_FLOOR = 0.2;
const RUNS_PER_PROTOCOL = 4_000;

type Protocol = 'bluezone_android' | 'bluezone_ios' | 'gaen' | 'ibeacon';

/** Did the input get past the decoder's "not mine" check into its body? */
const REACHED: Record<Protocol, (f: AdvertFields) => boolean> = {
  bluezone_android: (f) => decodeBluezoneAndroid(f).kind !== 'not_bluezone_android',
  bluezone_ios: (f) => detectBluezoneIos(f) !== null,
  gaen: (f) => decodeGaen(f).kind !== 'not_gaen',
  ibeacon: (f) => decodeIBeacon(f) !== null,
};

const byteArray = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

const VALID: Record<Protocol, fc.Arbitrary<Uint8Array>> = {
  bluezone_android: fc.tuple(byteArray(12), fc.constantFrom(0x02, 0x06, 0x1a)).map(([id, flags]) => encodeBluezoneAdvert(id, flags)),
  bluezone_ios: fc.oneof(
    byteArray(16).map((bits) => encodeIosOverflowAdvert(bits)),
    fc.constant(encodeIosServiceAdvert()),
  ),
  gaen: fc.tuple(byteArray(16), byteArray(4)).map(([rpi, aem]) => encodeGaenAdvert(rpi, aem)),
  ibeacon: fc
    .record({ uuid: fc.uuid(), major: fc.integer({ min: 0, max: 0xffff }), minor: fc.integer({ min: 0, max: 0xffff }), measuredPower: fc.integer({ min: -128, max: 127 }) })
    .map((b) => encodeIBeacon(b)),
};

/** AD structures a real scan response or another app adds around an advert. */
const extraStructure: fc.Arbitrary<AdStructure> = fc.oneof(
  fc.record({ type: fc.constant(AD_TYPE.completeName), data: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ type: fc.constant(AD_TYPE.txPower), data: byteArray(1) }),
  fc.record({ type: fc.constant(AD_TYPE.manufacturer), data: fc.uint8Array({ minLength: 2, maxLength: 12 }) }),
  fc.record({ type: fc.constant(AD_TYPE.serviceData16), data: fc.uint8Array({ minLength: 2, maxLength: 12 }) }),
);

type AdEdit =
  | { op: 'drop'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'retype'; at: number; type: number }
  | { op: 'resize'; at: number; by: number }
  | { op: 'swap'; at: number };

const adEdit: fc.Arbitrary<AdEdit> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat(8) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(8) }),
  fc.record({ op: fc.constant('retype' as const), at: fc.nat(8), type: fc.constantFrom(0x02, 0x03, 0x06, 0x07, 0x16, 0xff, 0x09) }),
  fc.record({ op: fc.constant('resize' as const), at: fc.nat(8), by: fc.constantFrom(-2, -1, 1, 2) }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(8) }),
);

type ByteEdit = { op: 'flip'; at: number; bit: number } | { op: 'set'; at: number; value: number } | { op: 'cut'; at: number };

const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(70), bit: fc.nat(7) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(70), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat(70) }),
);

function applyAdEdits(structures: AdStructure[], edits: readonly AdEdit[]): AdStructure[] {
  const s = [...structures];
  for (const e of edits) {
    if (s.length === 0) break;
    const at = e.at % s.length;
    const cur = s[at]!;
    if (e.op === 'drop') s.splice(at, 1);
    else if (e.op === 'duplicate') s.splice(at, 0, cur);
    else if (e.op === 'retype') s[at] = { type: e.type, data: cur.data };
    else if (e.op === 'resize') {
      const len = Math.max(0, Math.min(250, cur.data.length + e.by));
      const data = new Uint8Array(len);
      data.set(cur.data.subarray(0, len));
      s[at] = { type: cur.type, data };
    } else if (at + 1 < s.length) [s[at], s[at + 1]] = [s[at + 1]!, cur];
  }
  return s;
}

function applyByteEdits(bytes: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  let b = [...bytes];
  for (const e of edits) {
    const at = e.at % (b.length + 1);
    if (e.op === 'flip' && at < b.length) b[at] = b[at]! ^ (1 << e.bit);
    else if (e.op === 'set' && at < b.length) b[at] = e.value;
    else if (e.op === 'cut') b = b.slice(0, at);
  }
  return Uint8Array.from(b);
}

/** A valid advert of `protocol`, wrapped and mutated; about a third stay unmutated. */
function structured(protocol: Protocol): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      base: VALID[protocol],
      extras: fc.array(extraStructure, { maxLength: 2 }),
      extrasFirst: fc.boolean(),
      adEdits: fc.array(adEdit, { maxLength: 2 }),
      byteEdits: fc.array(byteEdit, { maxLength: 2 }),
    })
    .map(({ base, extras, extrasFirst, adEdits, byteEdits }) => {
      const parsed = parseAdStructures(base);
      if (!parsed.ok) throw new Error(`encoder produced an unparsable ${protocol} advert: ${toHex(base)}`);
      const own = [...parsed.structures];
      const wrapped = applyAdEdits(extrasFirst ? [...extras, ...own] : [...own, ...extras], adEdits);
      return applyByteEdits(encodeAdStructures(wrapped), byteEdits);
    });
}

const KINDS = new Set(['bluezone_android', 'bluezone_ios_candidate', 'gaen', 'noise', 'rejected']);
const REASON = /^[a-z][a-z0-9_]*$/;

/** A classification the scan loop can use; an internal error is never one. */
function wellFormed(c: AdvertClass): boolean {
  if (!KINDS.has(c.kind)) return false;
  if (c.kind === 'rejected') return REASON.test(c.reason) && c.reason !== 'classifier_internal_error';
  if (c.kind === 'bluezone_android') return c.id.length === 12;
  if (c.kind === 'gaen') return c.rpi.length === 16 && c.aem.length === 4;
  return true;
}

describe('structure-aware advert fuzzing', () => {
  const protocols = Object.keys(VALID) as Protocol[];

  it.each(protocols)('mutated %s adverts reach their decoder and never throw', (protocol) => {
    const reached: Record<Protocol, number> = { bluezone_android: 0, bluezone_ios: 0, gaen: 0, ibeacon: 0 };
    let inputs = 0;
    fc.assert(
      fc.property(structured(protocol), (input) => {
        inputs += 1;
        const c = classifyAdvertBytes(input);
        expect(wellFormed(c), `${toHex(input)} → ${JSON.stringify(c)}`).toBe(true);
        const f = fieldsFromAdvertBytes(input);
        if (!f.ok) return;
        // The decoders directly, so an exception is not hidden behind the classifier.
        for (const p of protocols) if (REACHED[p](f.fields)) reached[p] += 1;
        expect(classifyFields(f.fields)).toEqual(c);
        if (c.kind === 'bluezone_android') expect(toHex(input)).toContain(`B522${toHex(c.id)}`);
        if (c.kind === 'gaen') expect(toHex(input)).toContain(`6FFD${toHex(c.rpi)}${toHex(c.aem)}`);
      }),
      { numRuns: RUNS_PER_PROTOCOL },
    );
    const share = reached[protocol] / inputs;
    process.stdout.write(
      `[fuzz reach] ${protocol} generator: ${inputs} inputs; reached ` +
        protocols.map((p) => `${p} ${((100 * reached[p]) / inputs).toFixed(1)} %`).join(', ') +
        '\n',
    );
    expect(share, `${protocol}: ${(share * 100).toFixed(1)} % of its inputs reached its decoder, floor ${REACH_FLOOR * 100} %`).toBeGreaterThanOrEqual(REACH_FLOOR);
  }, 60_000);
});
