// InfoF / daily-key entry parsing and expansion (docs/protocol.md §3.1, §3.4, §6).
import { describe, expect, it } from 'vitest';
import { entryFromInfoF, expandEntry, kioskBroadcastId, KeyFormatError, validateDailyKeyEntry } from '../../../../shared/protocol/bluezone-infof.js';

const KEY_A = '4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084';
const T0 = 1596844800; // 2020-08-08 00:00 UTC
const SLOT0 = (T0 * 1000) / 900_000;

describe('Bluezone InfoF and daily-key entries', () => {
  it('expands the captured InfoF into the verified slot IDs 23–27', () => {
    const entry = entryFromInfoF({ base_id: KEY_A, time: T0, daily_key: KEY_A, time_start: T0 }, T0 + 86_400 - 1);
    const ids = expandEntry(entry, SLOT0 + 23, SLOT0 + 27);
    expect(ids).toEqual([
      { slot: SLOT0 + 23, id: 'B9A665D754FE65E665D76A45' },
      { slot: SLOT0 + 24, id: '3AA8DFC0A15682B27216FC31' },
      { slot: SLOT0 + 25, id: 'B9A232358A6C89E7A00B673C' },
      { slot: SLOT0 + 26, id: 'C5DAD2EC90AFFA065D1E0A70' },
      { slot: SLOT0 + 27, id: 'E376E0B409BCE18ECF5F2ED4' },
    ]);
  });

  it('continues into the next day with the hashed daily key (forward chain)', () => {
    const entry = { daily_key: KEY_A, time_start: T0, time_end: T0 + 2 * 86_400 - 1, max: 96 };
    const ids = expandEntry(entry, SLOT0 + 95, SLOT0 + 96);
    expect(ids.map((x) => x.id)).toEqual(['B0A3CA441EEC82955E4E6252', '64C0D2707C49D2F0D5E3E348']);
  });

  it('stops at time_end and at the requested window', () => {
    const entry = { daily_key: KEY_A, time_start: T0, time_end: T0 + 900 * 3, max: 96 };
    expect(expandEntry(entry, 0, SLOT0 + 1000)).toHaveLength(4);
    expect(expandEntry(entry, SLOT0 + 2, SLOT0 + 2)).toEqual([{ slot: SLOT0 + 2, id: expect.any(String) }]);
  });

  it('rejects malformed entries with stable codes', () => {
    const bad: [object, string][] = [
      [{ daily_key: 'XYZ', time_start: T0, time_end: T0, max: 96 }, 'key_invalid'],
      [{ daily_key: KEY_A, time_start: 12, time_end: T0, max: 96 }, 'time_invalid'],
      [{ daily_key: KEY_A, time_start: T0 + 1, time_end: T0 + 900, max: 96 }, 'time_invalid'],
      [{ daily_key: KEY_A, time_start: T0, time_end: T0 - 900, max: 96 }, 'window_invalid'],
      [{ daily_key: KEY_A, time_start: T0, time_end: T0, max: 48 }, 'max_invalid'],
      [{ daily_key: KEY_A, time_start: T0, time_end: T0, max: 7 }, 'max_invalid'],
    ];
    for (const [e, code] of bad) {
      expect(() => validateDailyKeyEntry(e as never)).toThrowError(KeyFormatError);
      try {
        validateDailyKeyEntry(e as never);
      } catch (err) {
        expect((err as KeyFormatError).code).toBe(code);
      }
    }
    expect(() => entryFromInfoF({ daily_key: KEY_A, time_start: T0 + 900 }, T0 + 86_400)).toThrowError(/UTC midnight/);
  });

  it('the kiosk broadcast ID of a slot key is the ID of its sub-key 0', () => {
    expect(expandEntry({ daily_key: KEY_A, time_start: T0, time_end: T0, max: 96 }, SLOT0, SLOT0)).toEqual([{ slot: SLOT0, id: kioskBroadcastId(KEY_A) }]);
    expect(kioskBroadcastId(KEY_A)).toBe('29ABD013B41C90269332AB5D');
  });
});
