// The test vectors printed in docs/protocol.md §6 are the ones the code reproduces.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nextDailyKey, slotId } from '../../../../shared/protocol/bluezone-id.js';
import { publishedSlotEntry } from '../../../../shared/protocol/kiosk-slot-key.js';
import { slotOf } from '../../../../shared/domain/slots.js';
import { fromHex, toHex } from '../../../../shared/hex.js';

const doc = readFileSync(new URL('../../../../docs/protocol.md', import.meta.url), 'utf8');

describe('docs/protocol.md test vectors', () => {
  const rows = [...doc.matchAll(/^\| `([0-9A-F]{64})` \| (\d+) \| (\d+) \| `([0-9A-F]{24})` \|$/gm)];

  it('lists the verified vectors, and each matches the key schedule', () => {
    expect(rows.length).toBe(9);
    for (const [, key, day, slot, id] of rows) {
      const daily = nextDailyKey(fromHex(key!), Number(day));
      expect(toHex(slotId(daily, Number(slot))), `${day}/${slot}`).toBe(id);
    }
  });

  it('prints the published entry the code makes', () => {
    const slot = slotOf(Date.UTC(2026, 10, 23, 9, 30));
    expect(doc).toContain(`slot ${slot.toLocaleString('en-US').replace(/,/g, ' ')}`);
    const e = publishedSlotEntry(slot, '4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084');
    expect(doc).toContain(`time_start: ${e.time_start}, time_end: ${e.time_end}, max: ${e.max}`);
  });
});
