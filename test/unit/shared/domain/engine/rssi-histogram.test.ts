import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RSSI_MAX, RSSI_MIN, RssiHistogram, clampRssi } from '../../../../../shared/domain/engine/rssi-histogram.js';

describe('RSSI histogram', () => {
  it('is empty at first', () => {
    const h = new RssiHistogram();
    expect(h.median()).toBeUndefined();
    expect(h.max()).toBeUndefined();
    expect(h.size).toBe(0);
  });

  it('gives the exact lower median and the maximum of integer samples', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: RSSI_MIN, max: RSSI_MAX }), { minLength: 1, maxLength: 300 }), (xs) => {
        const h = new RssiHistogram();
        for (const x of xs) h.add(x);
        const sorted = [...xs].sort((a, b) => a - b);
        expect(h.median()).toBe(sorted[Math.floor((sorted.length - 1) / 2)]);
        expect(h.max()).toBe(sorted[sorted.length - 1]);
        expect(h.size).toBe(xs.length);
      }),
    );
  });

  it('clamps out-of-range and non-finite values instead of throwing', () => {
    expect(clampRssi(-500)).toBe(RSSI_MIN);
    expect(clampRssi(127)).toBe(RSSI_MAX);
    expect(clampRssi(Number.NaN)).toBe(RSSI_MIN);
    expect(clampRssi(-60.4)).toBe(-60);
  });

  it('reseeds from a weighted median', () => {
    const h = new RssiHistogram();
    h.add(-70, 9);
    h.add(-40);
    expect(h.median()).toBe(-70);
    expect(h.size).toBe(10);
  });
});
