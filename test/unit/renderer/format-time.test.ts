import { describe, expect, it } from 'vitest';
import { formatClock, slotWindow } from '../../../src-renderer/i18n/format-time.js';

describe('formatClock', () => {
  it('writes Vietnam time as HH:mm dd/MM whatever zone the machine is in', () => {
    // 00:05 UTC on 3 Nov is 07:05 in Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
    expect(formatClock(Date.UTC(2026, 10, 3, 0, 5))).toBe('07:05 03/11');
    // 23:30 UTC is already the next local day.
    expect(formatClock(Date.UTC(2026, 10, 3, 23, 30))).toBe('06:30 04/11');
    expect(formatClock(Date.UTC(2026, 10, 3, 0, 5), 'UTC')).toBe('00:05 03/11');
  });

  it('shows a dash for an invalid time instead of "Invalid Date"', () => {
    expect(formatClock(Number.NaN)).toBe('—');
  });
});

describe('slotWindow', () => {
  it('names the current UTC quarter-hour in local clock times', () => {
    expect(slotWindow(Date.UTC(2026, 10, 3, 1, 7, 30))).toEqual({ from: '08:00', to: '08:15' });
    expect(slotWindow(Date.UTC(2026, 10, 3, 16, 59, 59))).toEqual({ from: '23:45', to: '00:00' });
  });
});
