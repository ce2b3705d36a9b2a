// Fuzzing of the capture format (capture-format.md) as replay reads it: whole files of valid
// lines (what `record` writes), lines with one field replaced by any JSON value, and text
// cut or edited anywhere. A file is loaded with every bad line listed by number and reason,
// or refused with a coded RadioError; each advert it keeps is classified without an
// internal error. capture-lines.test.ts fuzzes single lines with random text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAdvertBytes } from '../../../../shared/protocol/advert-classifier.js';
import { encodeBluezoneAdvert } from '../../../../shared/protocol/bluezone-advert.js';
import { fromHex } from '../../../../shared/hex.js';
import { advertLine, gattLine, headerLine } from '../../../../src-main/core/radio/capture/capture-lines.js';
import { loadCapture } from '../../../../src-main/core/radio/capture/replay-driver.js';
import { RadioError } from '../../../../src-main/core/radio/radio-error.js';

const address = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':'));
const advertBytes = fc.oneof(
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((id) => encodeBluezoneAdvert(id)),
  fc.uint8Array({ maxLength: 31 }),
);

const validLine = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.nat(10_000_000), address, fc.constantFrom('public', 'random'), fc.nat(4), fc.integer({ min: -127, max: 20 }), advertBytes).map((a) => advertLine(...a)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.nat(10_000_000), address, fc.oneof(fc.uint8Array({ maxLength: 16 }).map((value) => ({ value })), fc.constantFrom({ error: 'gatt_timeout' }, { error: 'gatt_disconnected' })))
      .map(([t, a, r]) => gattLine(t, a, r)),
  },
);

/** One field of a valid line replaced by any JSON value. */
const fieldMutated = fc.tuple(validLine, fc.constantFrom('type', 't', 'address', 'address_type', 'event_type', 'rssi', 'data', 'value', 'error'), fc.jsonValue()).map(([line, field, value]) => {
  const o = JSON.parse(line) as Record<string, unknown>;
  o[field] = value;
  return JSON.stringify(o);
});

const textMutated = fc.tuple(validLine, fc.nat(200), fc.string({ maxLength: 4 })).map(([line, at, s]) => line.slice(0, at % (line.length + 1)) + s + line.slice((at % (line.length + 1)) + 1));

const captureFile = fc
  .tuple(fc.boolean(), fc.array(fc.oneof({ weight: 3, arbitrary: validLine }, { weight: 1, arbitrary: fieldMutated }, { weight: 1, arbitrary: textMutated }), { maxLength: 30 }))
  .map(([withHeader, lines]) => [...(withHeader ? [headerLine(1_700_000_000_000, 'hci0')] : []), ...lines].join('\n'));

describe('capture file fuzzing', () => {
  it('loads or refuses any capture with coded reasons; kept adverts classify cleanly', () => {
    let adverts = 0;
    let bad = 0;
    let refused = 0;
    fc.assert(
      fc.property(captureFile, (text) => {
        let loaded: ReturnType<typeof loadCapture>;
        try {
          loaded = loadCapture(text);
        } catch (err) {
          if (!(err instanceof RadioError)) throw err;
          expect(err.code).toBe('capture_missing_header');
          refused += 1;
          return;
        }
        const lineCount = text.split('\n').length;
        for (const b of loaded.badLines) {
          expect(b.reason).toMatch(/^capture_[a-z_]+$/);
          expect(b.line).toBeGreaterThanOrEqual(1);
          expect(b.line).toBeLessThanOrEqual(lineCount);
        }
        for (const a of loaded.adverts) {
          const c = classifyAdvertBytes(fromHex(a.data));
          expect(c.kind === 'rejected' && c.reason === 'classifier_internal_error').toBe(false);
        }
        adverts += loaded.adverts.length;
        bad += loaded.badLines.length;
      }),
      { numRuns: 800 },
    );
    // All three outcomes must occur, or the generator proves nothing.
    expect(adverts).toBeGreaterThan(500);
    expect(bad).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(50);
  }, 60_000);
});
