import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { firstSubKey, idFromSubKey } from '../../../../shared/protocol/bluezone-id.js';
import { generateSlotKey, kioskSlotId, slotKeyEntry, type BluezoneDailyKeyEntry } from '../../../../shared/protocol/kiosk-slot-key.js';
import { slotEnd, slotOf, slotStart } from '../../../../shared/domain/slots.js';
import { fromHex, toHex } from '../../../../shared/hex.js';

/** A phone's contact-log row: peer ID and timestamp (Android: Unix ms). */
interface Contact { id: string; atMs: number }

/**
 * Bluezone's local matching (bluezone-protocol.md §3.4), written out independently: from
 * daily_key and time_start derive IDs slot by slot, each covering [t, t + 86400/max]
 * (inclusive); after `max` slots hash the daily key and restart the sub-key chain; stop when
 * t > time_end. A contact matches when its ID equals the slot's ID inside that window.
 */
function bluezoneMatches(entry: BluezoneDailyKeyEntry, contacts: Contact[]): { matched: boolean; windows: number } {
  const slotSeconds = 86_400 / entry.max;
  let daily = fromHex(entry.daily_key);
  let t = entry.time_start;
  let windows = 0;
  while (t <= entry.time_end) {
    let sub = firstSubKey(daily);
    for (let i = 0; i < entry.max && t <= entry.time_end; i += 1) {
      windows += 1;
      const id = toHex(idFromSubKey(sub));
      for (const c of contacts) {
        const at = c.atMs / 1000;
        if (c.id === id && at >= t && at <= t + slotSeconds) return { matched: true, windows };
      }
      sub = sha256(sub);
      t += slotSeconds;
    }
    daily = sha256(daily);
  }
  return { matched: false, windows };
}

describe('kiosk slot keys', () => {
  const slot = slotOf(Date.UTC(2026, 10, 23, 9, 40));
  const key = fromHex('4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084');
  const id = toHex(kioskSlotId(key));

  it('broadcasts the slot-0 ID of the slot key', () => {
    expect(id).toBe('29ABD013B41C90269332AB5D'); // slot 0 of this key, bluezone-protocol.md §6
  });

  it('publishes an entry with the slot window and max 96', () => {
    expect(slotKeyEntry(slot, key)).toEqual({
      daily_key: '4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084',
      time_start: slotStart(slot) / 1000,
      time_end: slotEnd(slot) / 1000,
      max: 96,
    });
    expect(() => slotKeyEntry(slot, new Uint8Array(31))).toThrow(RangeError);
  });

  it("makes Bluezone's matching loop match exactly that slot", () => {
    const entry = slotKeyEntry(slot, key);
    const inSlot = [slotStart(slot), slotStart(slot) + 1, slotStart(slot) + 450_000, slotEnd(slot) - 1];
    for (const atMs of inSlot) expect(bluezoneMatches(entry, [{ id, atMs }]).matched).toBe(true);
    // Outside the window, the same ID does not match: a replay in another slot fails.
    for (const atMs of [slotStart(slot) - 1000, slotEnd(slot) + 1000, slotStart(slot + 5)]) {
      expect(bluezoneMatches(entry, [{ id, atMs }]).matched).toBe(false);
    }
    // The loop stops after the slot: two windows (the slot, and the zero-length tail at
    // t = time_end whose ID — sub-key 1 — the kiosk never sends).
    expect(bluezoneMatches(entry, []).windows).toBe(2);
  });

  it('matches nothing of neighbouring slots, whose keys are independent', () => {
    const next = generateSlotKey();
    const nextId = toHex(kioskSlotId(next));
    const entry = slotKeyEntry(slot, key);
    expect(bluezoneMatches(entry, [{ id: nextId, atMs: slotStart(slot + 1) + 10_000 }]).matched).toBe(false);
    expect(bluezoneMatches(slotKeyEntry(slot + 1, next), [{ id, atMs: slotStart(slot) + 10_000 }]).matched).toBe(false);
    expect(bluezoneMatches(slotKeyEntry(slot + 1, next), [{ id: nextId, atMs: slotStart(slot + 1) + 10_000 }]).matched).toBe(true);
  });

  it('draws fresh random keys', () => {
    const a = generateSlotKey();
    expect(a).toHaveLength(32);
    expect(toHex(a)).not.toBe(toHex(generateSlotKey()));
  });
});
