import { describe, expect, it } from 'vitest';
import { deriveStatus, publicationState } from '../../../src-server/exposure/exposure-publication.js';
import { slotPublication } from '../../../src-server/exposure/exposure-lifecycle.js';

describe('exposure publication state', () => {
  it('groups the window into published, unpublished and keyless slot ranges', () => {
    const keys = [
      { slot: 10, published: true },
      { slot: 11, published: true },
      { slot: 11, published: false }, // a second kiosk's key, not in the feed yet
      { slot: 12, published: false },
      { slot: 14, published: true },
      { slot: 99, published: false }, // outside the window
    ];
    expect(publicationState(10, 14, keys)).toEqual({
      published_slots: 2,
      unpublished_slots: 2,
      missing_key_slots: 1,
      ranges: [
        { first_slot: 10, last_slot: 10, state: 'published' },
        { first_slot: 11, last_slot: 12, state: 'unpublished' },
        { first_slot: 13, last_slot: 13, state: 'no_key' },
        { first_slot: 14, last_slot: 14, state: 'published' },
      ],
    });
  });

  it('derives the status from what is published; closed is final', () => {
    const none = publicationState(1, 2, [{ slot: 1, published: false }]);
    const part = publicationState(1, 2, [{ slot: 1, published: true }, { slot: 2, published: false }]);
    const all = publicationState(1, 3, [{ slot: 1, published: true }, { slot: 2, published: true }]);
    expect(deriveStatus('new', none, false)).toBe('new');
    expect(deriveStatus('new', none, true)).toBe('venue_notified');
    expect(deriveStatus('visitors_notified', part, true)).toBe('visitors_partially_notified');
    expect(deriveStatus('visitors_partially_notified', all, false)).toBe('visitors_notified');
    expect(deriveStatus('closed', part, true)).toBe('closed');
  });
});

describe('slotPublication: what followed per slot', () => {
  const k = (kiosk_id: string, slot: number, feed_batch_id: string | null, published_at: number | null) => ({ kiosk_id, slot, key_hex: 'AB'.repeat(32), feed_batch_id, published_at });

  it('names the batch and time that published a slot, the latest of several kiosks’ batches, and says which slots are not all out', () => {
    const rows = slotPublication(100, 102, [k('k1', 100, 'b1', 1000), k('k2', 100, 'b2', 2000), k('k1', 101, 'b1', 1000), k('k2', 101, null, null)]);
    expect(rows.map((r) => [r.slot, r.state, r.keys, r.feed_batch_id, r.published_at])).toEqual([
      [100, 'published', 2, 'b2', 2000],
      [101, 'unpublished', 2, 'b1', 1000],
      [102, 'no_key', 0, null, null],
    ]);
    expect(rows[0]!.start).toBe(100 * 900_000);
  });
});
