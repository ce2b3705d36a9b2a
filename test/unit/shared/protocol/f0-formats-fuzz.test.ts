// Fuzzing of the F0 formats an official uploads from a phone: `data_trace.txt`, InfoF and
// daily-key entries. Valid values are generated, then mutated field by field and character
// by character. Every input is parsed or refused with a coded error; the only exception
// allowed out of the key validators is their own KeyFormatError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SLOT_MS } from '../../../../shared/domain/slots.js';
import { entryFromInfoF, expandEntry, KeyFormatError, validateDailyKeyEntry, type DailyKeyEntry } from '../../../../shared/protocol/bluezone-infof.js';
import { formatTraceLine, parseTrace, type TraceErrorCode } from '../../../../shared/protocol/bluezone-trace.js';

const TRACE_CODES = new Set<TraceErrorCode>(['field_count', 'own_id_invalid', 'contact_id_invalid', 'rssi_invalid', 'timestamp_invalid', 'line_too_long']);
const KEY_CODES = new Set(['key_invalid', 'time_invalid', 'max_invalid', 'window_invalid']);

const hex = (n: number) =>
  fc.tuple(fc.uint8Array({ minLength: n / 2, maxLength: n / 2 }), fc.boolean()).map(([b, upper]) => {
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return upper ? h.toUpperCase() : h;
  });
/** 2020-08-01 … 2030: where real timestamps lie. */
const timeMs = fc.integer({ min: Date.UTC(2020, 7, 1), max: Date.UTC(2030, 0, 1) });

const validLine = fc
  .record({ own: hex(24), contact: fc.oneof(hex(24), fc.constant('')), rssi: fc.integer({ min: -127, max: 127 }), t: timeMs, seconds: fc.boolean() })
  .map(({ own, contact, rssi, t, seconds }) => formatTraceLine(own, contact, rssi, seconds ? Math.floor(t / 1000) : t));

type CharEdit = { op: 'set'; at: number; ch: string } | { op: 'cut'; at: number } | { op: 'insert'; at: number; ch: string };
const charEdit: fc.Arbitrary<CharEdit> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(80), ch: fc.constantFrom('\t', '-', 'g', '0', ' ', '\r', 'é', '9', '\u0000') }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat(80) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(80), ch: fc.constantFrom('\t', '\n', '\r\n', '-', 'F', '1') }),
);

function editLine(line: string, edits: readonly CharEdit[]): string {
  let s = line;
  for (const e of edits) {
    const at = e.at % (s.length + 1);
    if (e.op === 'set') s = s.slice(0, at) + e.ch + s.slice(at + 1);
    else if (e.op === 'cut') s = s.slice(0, at);
    else s = s.slice(0, at) + e.ch + s.slice(at);
  }
  return s;
}

const traceFile = fc
  .array(fc.oneof({ weight: 3, arbitrary: validLine }, { weight: 3, arbitrary: fc.tuple(validLine, fc.array(charEdit, { minLength: 1, maxLength: 3 })).map(([l, e]) => editLine(l, e)) }, { weight: 1, arbitrary: fc.string({ maxLength: 300 }) }), { maxLength: 20 })
  .chain((lines) => fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol)));

/** Keys only ever throw their own coded error. */
function refusedWithCode(fn: () => unknown): { ok: true; value: unknown } | { ok: false; code: string } {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    if (!(err instanceof KeyFormatError)) throw err;
    return { ok: false, code: err.code };
  }
}

const slotAligned = fc.integer({ min: Date.UTC(2020, 7, 1) / SLOT_MS, max: Date.UTC(2030, 0, 1) / SLOT_MS }).map((slot) => (slot * SLOT_MS) / 1000);
const validEntry = fc
  .record({ daily_key: hex(64), time_start: slotAligned, span: fc.integer({ min: 0, max: 3 * 86_400 }) })
  .map(({ daily_key, time_start, span }): DailyKeyEntry => ({ daily_key, time_start, time_end: time_start + span, max: 96 }));

/** Each field of a valid entry replaced, sometimes, by any JSON value. */
const mutatedEntry = fc
  .tuple(validEntry, fc.subarray(['daily_key', 'time_start', 'time_end', 'max'] as const), fc.array(fc.jsonValue(), { minLength: 4, maxLength: 4 }))
  .map(([e, fields, values]) => {
    const o: Record<string, unknown> = { ...e };
    fields.forEach((f, i) => (o[f] = values[i]));
    return o as unknown as DailyKeyEntry;
  });

describe('F0 format fuzzing', () => {
  it('data_trace.txt: every non-blank line becomes a row or a coded error with its number', () => {
    let rows = 0;
    let errors = 0;
    fc.assert(
      fc.property(traceFile, (text) => {
        const r = parseTrace(text);
        const lines = text.split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        expect(r.rows.length + r.errors.length + r.blankLines).toBe(lines.length);
        for (const e of r.errors) {
          expect(TRACE_CODES.has(e.code), e.code).toBe(true);
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(lines.length);
        }
        for (const row of r.rows) {
          expect(row.ownId).toMatch(/^[0-9A-F]{24}$/);
          expect(Number.isFinite(row.timeMs)).toBe(true);
        }
        rows += r.rows.length;
        errors += r.errors.length;
      }),
      { numRuns: 1_000 },
    );
    // The generator must exercise both outcomes, or the test proves nothing.
    expect(rows).toBeGreaterThan(500);
    expect(errors).toBeGreaterThan(500);
  }, 60_000);

  it('daily-key entries: validated or refused with a key error code, never another exception', () => {
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(fc.oneof(validEntry, mutatedEntry), (entry) => {
        const r = refusedWithCode(() => validateDailyKeyEntry(entry));
        outcomes.add(r.ok ? 'ok' : r.code);
        if (!r.ok) expect(KEY_CODES.has(r.code)).toBe(true);
      }),
      { numRuns: 3_000 },
    );
    expect([...outcomes].sort()).toEqual(['key_invalid', 'max_invalid', 'ok', 'time_invalid']);
  }, 60_000);

  it('InfoF: any object is turned into an entry or refused with a key error code', () => {
    const infoF = fc.record(
      {
        base_id: fc.oneof(hex(24), fc.jsonValue()),
        time: fc.oneof(timeMs, fc.jsonValue()),
        daily_key: fc.oneof(hex(64), fc.jsonValue()),
        time_start: fc.oneof(fc.integer({ min: 18_475, max: 21_900 }).map((d) => d * 86_400), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    let accepted = 0;
    fc.assert(
      fc.property(infoF, timeMs, (info, endMs) => {
        const r = refusedWithCode(() => entryFromInfoF(info as never, Math.floor(endMs / 1000)));
        if (r.ok) accepted += 1;
        else expect(KEY_CODES.has(r.code)).toBe(true);
      }),
      { numRuns: 3_000 },
    );
    expect(accepted).toBeGreaterThan(100);
  }, 60_000);

  it('expands any valid entry into at most `limit` IDs inside the asked slots', () => {
    fc.assert(
      fc.property(validEntry, fc.integer({ min: -200, max: 400 }), fc.integer({ min: 0, max: 300 }), (entry, offset, width) => {
        const start = (entry.time_start * 1000) / SLOT_MS;
        const ids = expandEntry(entry, start + offset, start + offset + width, 200);
        expect(ids.length).toBeLessThanOrEqual(200);
        for (const { slot, id } of ids) {
          expect(slot).toBeGreaterThanOrEqual(start + offset);
          expect(slot).toBeLessThanOrEqual(start + offset + width);
          expect(id).toMatch(/^[0-9A-F]{24}$/);
        }
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
