import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE, isTimeZone, localDate, localDayStart, zoneOffsetMs } from '../../../../shared/domain/local-day.js';
import { SLOT_MS } from '../../../../shared/domain/slots.js';

describe('local days', () => {
  it('start at local midnight in Vietnam: 17:00 UTC the day before, a slot boundary', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Ho_Chi_Minh');
    expect(zoneOffsetMs(Date.UTC(2024, 2, 4, 12), 'Asia/Ho_Chi_Minh')).toBe(7 * 3_600_000);
    const at0830 = Date.UTC(2024, 2, 5, 1, 30); // 08:30 on 5 March, local
    expect(localDayStart(at0830, 'Asia/Ho_Chi_Minh')).toBe(Date.UTC(2024, 2, 4, 17));
    expect(localDayStart(Date.UTC(2024, 2, 4, 16, 59), 'Asia/Ho_Chi_Minh')).toBe(Date.UTC(2024, 2, 3, 17));
    expect(localDayStart(Date.UTC(2024, 2, 4, 17), 'Asia/Ho_Chi_Minh')).toBe(Date.UTC(2024, 2, 4, 17));
    expect(localDayStart(at0830, 'Asia/Ho_Chi_Minh') % SLOT_MS).toBe(0);
    expect(localDate(Date.UTC(2024, 2, 4, 17, 30), 'Asia/Ho_Chi_Minh')).toBe('2024-03-05');
  });

  it('handles UTC, half-hour zones and a DST change', () => {
    expect(localDayStart(Date.UTC(2024, 2, 5, 23), 'UTC')).toBe(Date.UTC(2024, 2, 5));
    expect(localDayStart(Date.UTC(2024, 2, 5, 12), 'Asia/Kolkata')).toBe(Date.UTC(2024, 2, 4, 18, 30));
    // Berlin moves to summer time at 01:00 UTC on 31 March 2024: that day starts at +1 h.
    expect(localDayStart(Date.UTC(2024, 2, 31, 12), 'Europe/Berlin')).toBe(Date.UTC(2024, 2, 30, 23));
    expect(localDayStart(Date.UTC(2024, 3, 1, 12), 'Europe/Berlin')).toBe(Date.UTC(2024, 2, 31, 22));
  });

  it('recognises real zone names only', () => {
    expect(isTimeZone('Asia/Ho_Chi_Minh')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
