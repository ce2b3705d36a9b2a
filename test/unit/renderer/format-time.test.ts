import { describe, expect, it } from 'vitest';
import { formatClock } from '../../../src-renderer/i18n/format-time.js';

describe('formatClock', () => {
  it('writes local time as HH:mm dd/MM', () => {
    const at = new Date(2026, 10, 3, 7, 5).getTime();
    expect(formatClock(at)).toBe('07:05 03/11');
  });

  it('shows a dash for an invalid time instead of "Invalid Date"', () => {
    expect(formatClock(Number.NaN)).toBe('—');
  });
});
