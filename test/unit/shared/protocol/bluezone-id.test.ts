import { describe, expect, it } from 'vitest';
import { dailyIds, firstSubKey, nextDailyKey, slotId } from '../../../../shared/protocol/bluezone-id.js';
import { fromHex, toHex } from '../../../../shared/hex.js';

// Verified vectors: docs/protocol.md §6 (captured uploads from a real Android phone).
const KEY_A = fromHex('4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084');
const KEY_B = fromHex('66B07D33DA4E16A359B590EDA1E8DC90892D341C86A6491376041FE44505FFB5');

describe('Bluezone ID derivation', () => {
  it.each([
    [KEY_A, 23, 'B9A665D754FE65E665D76A45'],
    [KEY_A, 24, '3AA8DFC0A15682B27216FC31'],
    [KEY_A, 25, 'B9A232358A6C89E7A00B673C'],
    [KEY_A, 26, 'C5DAD2EC90AFFA065D1E0A70'],
    [KEY_A, 27, 'E376E0B409BCE18ECF5F2ED4'],
    [KEY_B, 47, '286BCE589AB994EFA5F73CAD'],
  ])('reproduces captured ID at slot %#', (key, slot, id) => {
    expect(toHex(dailyIds(key)[slot]!)).toBe(id);
    expect(toHex(slotId(key, slot))).toBe(id);
  });

  it('derives sub-key, slot 0/95 and the next day as documented', () => {
    expect(toHex(firstSubKey(KEY_A))).toBe('298C38B9AB4EFF21D0608EEA139A9BB7B4C61CB290D726CC93B33251ABF75DBA');
    const ids = dailyIds(KEY_A);
    expect(ids).toHaveLength(96);
    expect(toHex(ids[0]!)).toBe('29ABD013B41C90269332AB5D');
    expect(toHex(ids[95]!)).toBe('B0A3CA441EEC82955E4E6252');
    const day1 = nextDailyKey(KEY_A);
    expect(toHex(day1)).toBe('4814DD132F8E308694A55AC8319581EA33CADA16B80CDB7FE1191115B76B9224');
    expect(toHex(dailyIds(day1)[0]!)).toBe('64C0D2707C49D2F0D5E3E348');
  });

  it('rejects keys of the wrong length and bad slot counts', () => {
    expect(() => dailyIds(new Uint8Array(31))).toThrow(RangeError);
    expect(() => dailyIds(KEY_A, 0)).toThrow(RangeError);
    expect(() => slotId(KEY_A, -1)).toThrow(RangeError);
  });
});
