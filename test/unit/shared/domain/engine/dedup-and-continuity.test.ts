import { describe, expect, it } from 'vitest';
import { shouldCount } from '../../../../../shared/domain/engine/dedup.js';
import { arrivalsOf, continuedAcross, meanDwellMs } from '../../../../../shared/domain/engine/continuity.js';

describe('5-second de-dup rule', () => {
  it('counts the first reception and then at most once per window', () => {
    expect(shouldCount(Number.NaN, 0, 5000)).toBe(true);
    expect(shouldCount(0, 4999, 5000)).toBe(false);
    expect(shouldCount(0, 5000, 5000)).toBe(true);
  });

  it('does not count a reception older than the last counted one', () => {
    expect(shouldCount(10_000, 9_000, 5000)).toBe(false);
  });
});

describe('continuity estimate', () => {
  it('counts carry-overs as the smaller side of the boundary', () => {
    expect(continuedAcross({ leaving: 10, appearing: 7 })).toBe(7);
    expect(continuedAcross({ leaving: 3, appearing: 7 })).toBe(3);
    expect(continuedAcross({ leaving: 0, appearing: 7 })).toBe(0);
  });

  it('never makes arrivals negative', () => {
    expect(arrivalsOf(5, 2)).toBe(3);
    expect(arrivalsOf(2, 5)).toBe(0);
  });

  it('has no dwell without arrivals', () => {
    expect(meanDwellMs(1000, 0)).toBeUndefined();
    expect(meanDwellMs(600_000, 2)).toBe(300_000);
  });
});
