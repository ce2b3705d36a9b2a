import { describe, expect, it } from 'vitest';
import {
  classifyRssi,
  closerDistance,
  distanceThresholds,
  estimateDistanceM,
  rssiAtDistance,
} from '../../../../../shared/domain/engine/distance-model.js';

const cal = { rssiAt1m: -60, pathLossExponent: 2 };

describe('log-distance path-loss model', () => {
  it('reads the calibration point as 1 m and follows 10·n·log10(d)', () => {
    expect(estimateDistanceM(-60, cal)).toBeCloseTo(1, 6);
    expect(estimateDistanceM(-80, cal)).toBeCloseTo(10, 6);
    expect(rssiAtDistance(2, cal)).toBeCloseTo(-60 - 20 * Math.log10(2), 6);
  });

  it('inverts between distance and RSSI', () => {
    for (const d of [0.3, 1, 2, 5, 12]) expect(estimateDistanceM(rssiAtDistance(d, cal), cal)).toBeCloseTo(d, 6);
  });

  it('classifies near at 2 m and below, mid up to the mid bound, far beyond', () => {
    const t = distanceThresholds(cal, { nearMaxM: 2, midMaxM: 5 });
    expect(classifyRssi(rssiAtDistance(1.99, cal), t)).toBe('near');
    expect(classifyRssi(rssiAtDistance(2, cal), t)).toBe('near');
    expect(classifyRssi(rssiAtDistance(2.1, cal), t)).toBe('mid');
    expect(classifyRssi(rssiAtDistance(5, cal), t)).toBe('mid');
    expect(classifyRssi(rssiAtDistance(5.2, cal), t)).toBe('far');
  });

  it('depends on the per-kiosk calibration', () => {
    const strong = distanceThresholds({ rssiAt1m: -50, pathLossExponent: 2 }, { nearMaxM: 2, midMaxM: 5 });
    const weak = distanceThresholds({ rssiAt1m: -70, pathLossExponent: 2 }, { nearMaxM: 2, midMaxM: 5 });
    expect(classifyRssi(-62, weak)).toBe('near');
    expect(classifyRssi(-62, strong)).toBe('mid');
  });

  it('merges to the closer class', () => {
    expect(closerDistance('far', 'near')).toBe('near');
    expect(closerDistance('mid', 'far')).toBe('mid');
    expect(closerDistance('mid', 'mid')).toBe('mid');
  });
});
