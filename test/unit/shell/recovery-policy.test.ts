import { describe, expect, it } from 'vitest';
import { loadRetryDelayMs, RecoveryPolicy } from '../../../src-main/shell/recovery-policy.js';

describe('RecoveryPolicy', () => {
  it('reloads for the first failures, then relaunches', () => {
    const p = new RecoveryPolicy({ maxReloads: 3, windowMs: 60_000 });
    expect([0, 1000, 2000].map((t) => p.recordFailure(t))).toEqual(['reload', 'reload', 'reload']);
    expect(p.recordFailure(3000)).toBe('relaunch');
  });

  it('forgets failures older than the window', () => {
    const p = new RecoveryPolicy({ maxReloads: 2, windowMs: 60_000 });
    p.recordFailure(0);
    p.recordFailure(10_000);
    expect(p.recordFailure(70_001)).toBe('reload');
    expect(p.failuresInWindow(70_001)).toBe(1);
  });

  it('relaunches at once when no reloads are allowed', () => {
    expect(new RecoveryPolicy({ maxReloads: 0, windowMs: 1000 }).recordFailure(5)).toBe('relaunch');
  });

  it('rejects nonsensical options', () => {
    expect(() => new RecoveryPolicy({ maxReloads: -1, windowMs: 1000 })).toThrow(RangeError);
    expect(() => new RecoveryPolicy({ maxReloads: 1, windowMs: 0 })).toThrow(RangeError);
  });
});

describe('loadRetryDelayMs', () => {
  it('backs off from 1 s, doubling, capped at 15 s', () => {
    expect([0, 1, 2, 3, 4, 5, 50].map(loadRetryDelayMs)).toEqual([1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect(loadRetryDelayMs(-3)).toBe(1000);
  });
});
