import { describe, expect, it } from 'vitest';
import { newCheckInState, updateCheckIn, type CheckInRule } from '../../../../../shared/domain/engine/check-in-detector.js';

const rule: CheckInRule = { minRssi: -55, holdMs: 2000, maxGapMs: 1500, alpha: 0.3 };

function feed(samples: [number, number][]): number | undefined {
  const s = newCheckInState();
  for (const [at, rssi] of samples) if (updateCheckIn(s, rssi, at, rule)) return at;
  return undefined;
}

describe('check-in detector', () => {
  it('fires once the smoothed RSSI has stayed strong for the hold time', () => {
    const samples: [number, number][] = [];
    for (let t = 0; t <= 3000; t += 200) samples.push([t, -45]);
    expect(feed(samples)).toBe(2000);
  });

  it('does not fire on a single strong spike in a weak stream', () => {
    const samples: [number, number][] = [];
    for (let t = 0; t <= 6000; t += 200) samples.push([t, t === 1000 ? -30 : -75]);
    expect(feed(samples)).toBeUndefined();
  });

  it('restarts the hold after a gap (phone taken away)', () => {
    const samples: [number, number][] = [
      [0, -45],
      [500, -45],
      [1000, -45],
      [1500, -45],
      // 2 s of silence: the hold restarts at 3500.
      [3500, -45],
      [4000, -45],
      [5000, -45],
      [5400, -45],
      [5600, -45],
    ];
    expect(feed(samples)).toBe(5600);
  });

  it('restarts the hold when the phone moves away', () => {
    const samples: [number, number][] = [];
    for (let t = 0; t <= 1800; t += 200) samples.push([t, -45]);
    for (let t = 2000; t <= 3000; t += 200) samples.push([t, -85]);
    for (let t = 3200; t <= 4800; t += 200) samples.push([t, -45]);
    expect(feed(samples)).toBeUndefined();
  });
});
