import { describe, expect, it } from 'vitest';
import { coveredMinutes } from '../../../src-server/exposure/exposure-engine.js';
import { distanceRankFromRssi, processSubmission } from '../../../src-server/exposure/f0-intake.js';
import { csvCell } from '../../../src-server/routes/exposure-view.js';
import { validateBatch } from '../../../src-server/routes/batch-rules.js';

const KEY_A = '4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084';
const T0 = 1596844800;
const S0 = (T0 * 1000) / 900_000;
const NOW = Date.UTC(2020, 7, 9, 12);
const ID23 = 'B9A665D754FE65E665D76A45';
const ID24 = '3AA8DFC0A15682B27216FC31';
const PEER = '7C3DEC4246EA6F90E38EA254';
const line = (own: string, ts: number) => `${own}\t${PEER}\t-70\t${ts}`;

describe('exposure helpers', () => {
  it('counts dwell minutes over overlapping and separate intervals once', () => {
    expect(coveredMinutes([])).toBe(0);
    expect(coveredMinutes([[10, 12]])).toBe(3);
    expect(coveredMinutes([[10, 12], [11, 15], [20, 20]])).toBe(7);
    expect(coveredMinutes([[20, 21], [10, 10], [11, 11]])).toBe(4);
  });

  it('maps phone RSSI to a coarse distance class', () => {
    expect([-50, -65, -66, -80, -81, -100].map(distanceRankFromRssi)).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('derives the F0 IDs of the window from InfoF and keeps history contacts per slot', () => {
    const history = `B9A665D754FE65E665D76A45\t7C3DEC4246EA6F90E38EA254\t-74\t1596866191387\nB9A665D754FE65E665D76A45\t7C3DEC4246EA6F90E38EA254\t-60\t1596866251387\n`;
    const r = processSubmission({ info_f: { daily_key: KEY_A, time_start: T0 }, history }, S0 + 20, S0 + 30, NOW);
    expect(r.problemCount).toBe(0);
    expect(r.ids).toHaveLength(11);
    expect(r.ids).toContainEqual({ slot: S0 + 23, visitor_id: 'B9A665D754FE65E665D76A45' });
    expect(r.contacts).toEqual([{ contact_id: '7C3DEC4246EA6F90E38EA254', slot: S0 + 23, first_min: Math.floor(1596866191387 / 60_000), last_min: Math.floor(1596866251387 / 60_000), distance_rank: 0 }]);
  });

  it('reports which history lines were used and which ignored, with the reason', () => {
    const history = [
      line(ID23, (S0 + 23) * 900_000 + 1000), // used
      line(ID23, (S0 + 10) * 900_000), // before the window
      line(ID24, (S0 + 40) * 900_000), // after it
      line('AAAAAAAAAAAAAAAAAAAAAAAA', (S0 + 24) * 900_000 + 5000), // not the F0's own ID of slot 24
      line(ID24, (S0 + 24) * 900_000 + 5000), // used
    ].join('\n');
    const r = processSubmission({ info_f: { daily_key: KEY_A, time_start: T0 }, history }, S0 + 20, S0 + 30, NOW);
    expect(r.problemCount).toBe(0);
    expect(r.historyReport).toEqual({
      lines: 5,
      used: 2,
      ignored: { before_window: 1, after_window: 1, unknown_own_id: 1 },
      ignored_lines: [
        { line: 2, reason: 'before_window' },
        { line: 3, reason: 'after_window' },
        { line: 4, reason: 'unknown_own_id' },
      ],
    });
    expect(r.contacts.map((c) => c.slot).sort()).toEqual([S0 + 23, S0 + 24]);
    // Without keys the own-ID column cannot be checked, so such a line is used.
    const noKeys = processSubmission({ history }, S0 + 20, S0 + 30, NOW);
    expect(noKeys.historyReport?.used).toBe(3);
  });

  it('refuses history lines later than now plus a small allowance, with their line numbers', () => {
    const history = [line(ID23, NOW + 4 * 60_000), line(ID23, NOW + 6 * 60_000), line(ID23, Math.floor((NOW + 86_400_000) / 1000))].join('\n');
    const r = processSubmission({ history }, S0 + 20, S0 + 300, NOW);
    expect(r.problems.map((p) => [p.line, p.code])).toEqual([
      [2, 'timestamp_in_future'],
      [3, 'timestamp_in_future'],
    ]);
  });

  it('refuses key entries outside the case window and bounds the derivation work (the 2020-start attack)', () => {
    const y2020 = Date.UTC(2020, 0, 1) / 1000;
    const from = S0 + 20;
    const to = S0 + 30;
    const attack = Array.from({ length: 60 }, () => ({ daily_key: KEY_A, time_start: y2020, time_end: T0 + 86_399, max: 96 }));
    const r = processSubmission({ daily_keys: attack }, from, to, NOW);
    expect(r.problemCount).toBe(60);
    expect(r.problems.every((p) => p.code === 'entry_too_early')).toBe(true);
    expect(r.ids).toEqual([]);
    const outside = processSubmission({ daily_keys: [{ daily_key: KEY_A, time_start: T0 + 86_400, time_end: T0 + 2 * 86_400, max: 96 }] }, from, to, NOW);
    expect(outside.problems[0]).toMatchObject({ index: 0, code: 'entry_outside_window' });
    // Entries each legal but together too much work are refused as a whole, before any hashing.
    const wide = Array.from({ length: 60 }, (_, i) => ({ daily_key: KEY_A, time_start: T0 - 13 * 86_400 + (i % 5) * 900, time_end: T0 + 86_399, max: 96 }));
    const big = processSubmission({ daily_keys: wide }, from, to, NOW);
    expect(big.problems.map((p) => p.code)).toEqual(['submission_too_large']);
    expect(big.ids).toEqual([]);
    expect(processSubmission({ daily_keys: wide.slice(0, 10) }, from, to, NOW).problemCount).toBe(0);
  });

  it('neutralises spreadsheet formulas in CSV cells', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('Quán, Hoa Sen')).toBe('"Quán, Hoa Sen"');
    expect(csvCell(12)).toBe('12');
  });

  it('flags batch rows whose minutes leave their slot or whose slot is in the future', () => {
    const hb = { version: '1', radio_state: 'scanning' as const, clock_synced: true, queue_depth: 0, free_disk_mb: 1, sent_at: 0 };
    const e = { visitor_id: 'A'.repeat(24), protocol: 'bluezone_android' as const, slot: 100, first_seen_min: 1500, last_seen_min: 1514, distance: 'near' as const, checked_in: false };
    expect(validateBatch({ batch_id: 'x', created_at: 0, encounters: [e], slot_keys: [], attendance: [], heartbeat: hb }, 100, 21)).toEqual([]);
    const probs = validateBatch({ batch_id: 'x', created_at: 0, encounters: [{ ...e, last_seen_min: 1515 }, { ...e, slot: 102, first_seen_min: 1530, last_seen_min: 1530 }], slot_keys: [], attendance: [], heartbeat: hb }, 100, 21);
    expect(probs.map((p) => [p.path, p.code])).toEqual([
      ['/encounters/0', 'minutes_outside_slot'],
      ['/encounters/1', 'slot_in_future'],
    ]);
  });

  it('flags batch rows older than the retention period (a lower bound on slots)', () => {
    const hb = { version: '1', radio_state: 'scanning' as const, clock_synced: true, queue_depth: 0, free_disk_mb: 1, sent_at: 0 };
    const now = 10_000;
    const old = now - 21 * 96 - 1;
    const e = { visitor_id: 'A'.repeat(24), protocol: 'bluezone_android' as const, slot: old, first_seen_min: old * 15, last_seen_min: old * 15, distance: 'near' as const, checked_in: false };
    const probs = validateBatch({ batch_id: 'x', created_at: 0, encounters: [e, { ...e, slot: old + 1, first_seen_min: (old + 1) * 15, last_seen_min: (old + 1) * 15 }], slot_keys: [{ slot: 0, key: 'A'.repeat(64) }], attendance: [], heartbeat: hb }, now, 21);
    expect(probs.map((p) => [p.path, p.code])).toEqual([
      ['/encounters/0', 'slot_too_old'],
      ['/slot_keys/0', 'slot_too_old'],
    ]);
  });
});
