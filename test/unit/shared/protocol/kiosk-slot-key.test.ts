import { describe, expect, it } from 'vitest';
import { FEED_ENTRY_MAX, FEED_SKEW_TOLERANCE_S, alertWindow, generateSlotKey, kioskSlotId, publishedSlotEntry, slotKeyEntry } from '../../../../shared/protocol/kiosk-slot-key.js';
import { slotEnd, slotOf, slotStart } from '../../../../shared/domain/slots.js';
import { fromHex, toHex } from '../../../../shared/hex.js';
import { androidCheckContactF, iosCheckContactF, type PushedEntry } from '../../../fixtures/bluezone-phone-loop.js';

const PHONES = [
  ['Android', androidCheckContactF],
  ['iOS', iosCheckContactF],
] as const;

describe('kiosk slot keys', () => {
  const slot = slotOf(Date.UTC(2026, 10, 23, 9, 40));
  const key = fromHex('4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084');
  const id = toHex(kioskSlotId(key));

  it('broadcasts the slot-0 ID of the slot key', () => {
    expect(id).toBe('29ABD013B41C90269332AB5D'); // slot 0 of this key, docs/protocol.md test vectors
  });

  it('publishes one widened window: start 90 s early, max 80, time_end = time_start + window - 1', () => {
    const start = slotStart(slot) / 1000 - FEED_SKEW_TOLERANCE_S;
    expect(slotKeyEntry(slot, key)).toEqual({
      daily_key: '4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084',
      time_start: start,
      time_end: start + 86_400 / FEED_ENTRY_MAX - 1,
      max: FEED_ENTRY_MAX,
    });
    expect(86_400 / FEED_ENTRY_MAX).toBe(900 + 2 * FEED_SKEW_TOLERANCE_S);
    expect(() => slotKeyEntry(slot, new Uint8Array(31))).toThrow(RangeError);
    expect(() => publishedSlotEntry(slot, 'XYZ')).toThrow(RangeError);
  });

  describe.each(PHONES)('on a Bluezone %s phone', (_name, check) => {
    const entry = publishedSlotEntry(slot, toHex(key));

    it('tests exactly one window, covering the slot and the skew allowance', () => {
      const r = check(entry, []);
      expect(r.windows).toHaveLength(1);
      const unit = check === androidCheckContactF ? 1 : 1000;
      const w = alertWindow(slot);
      expect(r.windows[0]!.map((x) => x * unit)).toEqual([w.from, w.to]);
    });

    it('alerts a phone that logged the kiosk in the slot or a few seconds off by its own clock', () => {
      const times = [slotStart(slot), slotStart(slot) + 450_000, slotEnd(slot) - 1, slotEnd(slot) + 20_000, slotStart(slot) - 30_000, slotEnd(slot) + 89_000];
      for (const atMs of times) expect(check(entry, [{ id, atMs }]).matched, String(atMs - slotStart(slot))).toBe(true);
    });

    it('does not alert for the same ID far outside the slot (a replay), nor for other IDs', () => {
      for (const atMs of [slotStart(slot) - 120_000, slotEnd(slot) + 120_000, slotStart(slot + 5)]) {
        expect(check(entry, [{ id, atMs }]).matched).toBe(false);
      }
      const other = toHex(kioskSlotId(generateSlotKey()));
      expect(check(entry, [{ id: other, atMs: slotStart(slot) + 1000 }]).matched).toBe(false);
    });

    it('the former entry (time_end = slot end, max 96) tested two windows and missed a skewed log', () => {
      const old: PushedEntry = { daily_key: toHex(key), time_start: slotStart(slot) / 1000, time_end: slotEnd(slot) / 1000, max: 96 };
      expect(check(old, []).windows).toHaveLength(2);
      expect(check(old, [{ id, atMs: slotEnd(slot) + 20_000 }]).matched).toBe(false);
      // The minimal fix, time_end = time_start + 899, also tests one window only.
      expect(check({ ...old, time_end: old.time_start + 899 }, []).windows).toHaveLength(1);
    });
  });

  it('matches nothing of neighbouring slots, whose keys are independent', () => {
    const next = generateSlotKey();
    const nextId = toHex(kioskSlotId(next));
    for (const [, check] of PHONES) {
      expect(check(slotKeyEntry(slot, key), [{ id: nextId, atMs: slotStart(slot + 1) + 10_000 }]).matched).toBe(false);
      expect(check(slotKeyEntry(slot + 1, next), [{ id, atMs: slotStart(slot) + 10_000 }]).matched).toBe(false);
      expect(check(slotKeyEntry(slot + 1, next), [{ id: nextId, atMs: slotStart(slot + 1) + 10_000 }]).matched).toBe(true);
    }
  });

  it('draws fresh random keys', () => {
    const a = generateSlotKey();
    expect(a).toHaveLength(32);
    expect(toHex(a)).not.toBe(toHex(generateSlotKey()));
  });
});
