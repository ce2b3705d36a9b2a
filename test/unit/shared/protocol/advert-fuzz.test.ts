// Property-based fuzzing of every advert parser: random and mutated inputs (well over
// 100 000 per run in total) must each be parsed or rejected with a reason — never thrown
// on, never hang. The classifier turns an exception into `classifier_internal_error` so the
// scan loop survives it; here that reason is a failure, not a well-formed answer.
// Structure-aware inputs that reach each decoder are in advert-structured-fuzz.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAdStructures, parseAdStructures } from '../../../../shared/protocol/ad-structures.js';
import { classifyAdvertBytes, classifyNobleAdvertisement, type AdvertClass } from '../../../../shared/protocol/advert-classifier.js';
import { fieldsFromAdvertBytes } from '../../../../shared/protocol/advert-fields.js';
import { encodeBluezoneAdvert } from '../../../../shared/protocol/bluezone-advert.js';
import { encodeIosOverflowAdvert, encodeIosServiceAdvert } from '../../../../shared/protocol/bluezone-ios-advert.js';
import { canonicalUuid } from '../../../../shared/protocol/ble-uuids.js';
import { encodeGaenAdvert } from '../../../../shared/protocol/gaen-advert.js';
import { BLUEZONE_WAKEUP_IBEACON, decodeIBeacon, encodeIBeacon } from '../../../../shared/protocol/ibeacon-advert.js';
import { toHex } from '../../../../shared/hex.js';

const KINDS = new Set(['bluezone_android', 'bluezone_ios_candidate', 'gaen', 'noise', 'rejected']);
const REASON = /^[a-z][a-z0-9_]*$/;

function wellFormed(c: AdvertClass): boolean {
  if (!KINDS.has(c.kind)) return false;
  if (c.kind === 'rejected') return REASON.test(c.reason) && c.reason !== 'classifier_internal_error';
  if (c.kind === 'bluezone_android') return c.id.length === 12;
  if (c.kind === 'gaen') return c.rpi.length === 16 && c.aem.length === 4;
  return true;
}

const bytes = (max: number) => fc.uint8Array({ minLength: 0, maxLength: max });

/** AD structures with interesting types, to reach deep parser paths. */
const adStructure = fc.record({
  type: fc.constantFrom(0x01, 0x02, 0x03, 0x06, 0x07, 0x09, 0x0a, 0x16, 0x20, 0x21, 0xff, 0x04, 0x05),
  data: bytes(24),
});

const valid = [
  encodeBluezoneAdvert(Uint8Array.from({ length: 12 }, (_, i) => i * 17)),
  encodeIosOverflowAdvert(),
  encodeIosServiceAdvert(),
  encodeGaenAdvert(new Uint8Array(16).fill(3), Uint8Array.of(1, 2, 3, 4)),
  encodeIBeacon(BLUEZONE_WAKEUP_IBEACON),
];

/** A valid advert with random edits: bit flips, byte overwrites, truncation, insertion. */
const mutated = fc
  .tuple(
    fc.constantFrom(...valid),
    fc.array(
      fc.oneof(
        fc.record({ op: fc.constant('flip' as const), at: fc.nat(40), bit: fc.nat(7) }),
        fc.record({ op: fc.constant('set' as const), at: fc.nat(40), value: fc.integer({ min: 0, max: 255 }) }),
        fc.record({ op: fc.constant('cut' as const), at: fc.nat(40) }),
        fc.record({ op: fc.constant('insert' as const), at: fc.nat(40), value: fc.integer({ min: 0, max: 255 }) }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([base, edits]) => {
    let b = [...base];
    for (const e of edits) {
      const at = e.at % (b.length + 1);
      if (e.op === 'flip' && at < b.length) b[at] = b[at]! ^ (1 << e.bit);
      else if (e.op === 'set' && at < b.length) b[at] = e.value;
      else if (e.op === 'cut') b = b.slice(0, at);
      else if (e.op === 'insert') b.splice(at, 0, e.value);
    }
    return Uint8Array.from(b);
  });

describe('advert parser fuzzing', () => {
  it('parses or rejects any byte string, and re-encodes what it parsed', () => {
    fc.assert(
      fc.property(bytes(64), (input) => {
        const r = parseAdStructures(input);
        if (!r.ok) return REASON.test(r.reason);
        const again = encodeAdStructures(r.structures);
        // Re-encoding reproduces the significant part; the rest is zero padding.
        return toHex(again) === toHex(input.subarray(0, again.length)) && input.subarray(again.length).every((b) => b === 0);
      }),
      { numRuns: 30_000 },
    );
  }, 30_000);

  it('classifies any byte string without throwing', () => {
    fc.assert(fc.property(bytes(80), (input) => wellFormed(classifyAdvertBytes(input))), { numRuns: 30_000 });
  });

  it('classifies structured random adverts without throwing', () => {
    fc.assert(
      fc.property(fc.array(adStructure, { maxLength: 6 }), (structures) => {
        const input = encodeAdStructures(structures);
        const f = fieldsFromAdvertBytes(input);
        if (f.ok) decodeIBeacon(f.fields);
        return wellFormed(classifyAdvertBytes(input));
      }),
      { numRuns: 15_000 },
    );
  }, 30_000);

  it('handles mutated valid adverts; an accepted Android ID is really in the bytes', () => {
    fc.assert(
      fc.property(mutated, (input) => {
        const c = classifyAdvertBytes(input);
        if (!wellFormed(c)) return false;
        if (c.kind === 'bluezone_android') return toHex(input).includes(`B522${toHex(c.id)}`);
        return true;
      }),
      { numRuns: 20_000 },
    );
  }, 30_000);

  it('classifies arbitrary JS values as noble advertisements without throwing', () => {
    const nobleLike = fc.record(
      {
        serviceUuids: fc.oneof(fc.array(fc.oneof(fc.string(), fc.constantFrom('4e56', 'fd6f', '00004e5673f54bc4a12f17d1ad07a667'))), fc.anything()),
        manufacturerData: fc.oneof(fc.uint8Array({ maxLength: 30 }), fc.anything()),
        serviceData: fc.oneof(fc.array(fc.record({ uuid: fc.oneof(fc.string(), fc.constant('fd6f')), data: fc.uint8Array({ maxLength: 24 }) })), fc.anything()),
      },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(fc.oneof(fc.anything(), nobleLike), (adv) => wellFormed(classifyNobleAdvertisement(adv))), { numRuns: 10_000 });
  }, 30_000);

  it('canonicalises any string or rejects it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const c = canonicalUuid(s);
        return c === null || /^[0-9a-f]{4}$|^[0-9a-f]{8}$|^[0-9a-f]{32}$/.test(c);
      }),
      { numRuns: 5_000 },
    );
  }, 30_000);

  it('decodes every valid advert exactly (round trip)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (id, rpi) => {
        const a = classifyAdvertBytes(encodeBluezoneAdvert(id));
        const g = classifyAdvertBytes(encodeGaenAdvert(rpi, Uint8Array.of(9, 9, 9, 9)));
        return a.kind === 'bluezone_android' && toHex(a.id) === toHex(id) && g.kind === 'gaen' && toHex(g.rpi) === toHex(rpi);
      }),
      { numRuns: 2_000 },
    );
    expect(valid.every((v) => v.length <= 31)).toBe(true);
  });
});
