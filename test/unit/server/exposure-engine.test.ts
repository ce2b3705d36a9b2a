import { describe, expect, it } from 'vitest';
import { coveredMinutes } from '../../../src-server/exposure/exposure-engine.js';
import { distanceRankFromRssi, processSubmission } from '../../../src-server/exposure/f0-intake.js';
import { csvCell } from '../../../src-server/routes/exposure-view.js';
import { validateBatch } from '../../../src-server/routes/batch-rules.js';

const KEY_A = '4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084';
const T0 = 1596844800;
const S0 = (T0 * 1000) / 900_000;

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
    const r = processSubmission({ info_f: { daily_key: KEY_A, time_start: T0 }, history }, S0 + 20, S0 + 30);
    expect(r.problemCount).toBe(0);
    expect(r.ids).toHaveLength(11);
    expect(r.ids).toContainEqual({ slot: S0 + 23, visitor_id: 'B9A665D754FE65E665D76A45' });
    expect(r.contacts).toEqual([{ contact_id: '7C3DEC4246EA6F90E38EA254', slot: S0 + 23, first_min: Math.floor(1596866191387 / 60_000), last_min: Math.floor(1596866251387 / 60_000), distance_rank: 0 }]);
  });

  it('neutralises spreadsheet formulas in CSV cells', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('Quán, Hoa Sen')).toBe('"Quán, Hoa Sen"');
    expect(csvCell(12)).toBe('12');
  });

  it('flags batch rows whose minutes leave their slot or whose slot is in the future', () => {
    const hb = { version: '1', radio_state: 'scanning' as const, clock_synced: true, queue_depth: 0, free_disk_mb: 1, sent_at: 0 };
    const e = { visitor_id: 'A'.repeat(24), protocol: 'bluezone_android' as const, slot: 100, first_seen_min: 1500, last_seen_min: 1514, distance: 'near' as const, checked_in: false };
    expect(validateBatch({ batch_id: 'x', created_at: 0, encounters: [e], slot_keys: [], attendance: [], heartbeat: hb }, 100)).toEqual([]);
    const probs = validateBatch({ batch_id: 'x', created_at: 0, encounters: [{ ...e, last_seen_min: 1515 }, { ...e, slot: 102, first_seen_min: 1530, last_seen_min: 1530 }], slot_keys: [], attendance: [], heartbeat: hb }, 100);
    expect(probs.map((p) => [p.path, p.code])).toEqual([
      ['/encounters/0', 'minutes_outside_slot'],
      ['/encounters/1', 'slot_in_future'],
    ]);
  });
});
