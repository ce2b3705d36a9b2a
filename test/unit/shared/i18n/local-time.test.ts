// Local date and clock time in Asia/Ho_Chi_Minh, whatever the machine's zone.
import { describe, expect, it } from 'vitest';
import { formatDayString, formatLocalDateTime, formatLocalRange, localDateTimeToMs, localDayOf, localMidnight } from '../../../../shared/i18n/local-time.js';

describe('local time (Vietnam, UTC+7, no DST)', () => {
  it('writes an instant as dd/MM/yyyy HH:mm in Vietnam', () => {
    expect(formatLocalDateTime(Date.UTC(2020, 7, 8, 5, 45))).toBe('08/08/2020 12:45');
    // 17:30 UTC is already the next day in Vietnam.
    expect(formatLocalDateTime(Date.UTC(2026, 11, 31, 17, 30))).toBe('01/01/2027 00:30');
    expect(formatLocalDateTime(null)).toBe('—');
    expect(formatLocalDateTime(Number.NaN)).toBe('—');
  });

  it('writes a window with its date once when both ends share it', () => {
    expect(formatLocalRange(Date.UTC(2020, 7, 8, 5, 45), Date.UTC(2020, 7, 8, 6, 15))).toBe('08/08/2020 12:45–13:15');
    expect(formatLocalRange(Date.UTC(2020, 7, 8, 16, 45), Date.UTC(2020, 7, 8, 17, 15))).toBe('08/08/2020 23:45 – 09/08/2020 00:15');
  });

  it('turns local days and clock times into instants and back', () => {
    expect(localMidnight('2020-08-08')).toBe(Date.UTC(2020, 7, 7, 17));
    expect(localDayOf(Date.UTC(2020, 7, 7, 17))).toBe('2020-08-08');
    expect(localDayOf(Date.UTC(2020, 7, 7, 16, 59))).toBe('2020-08-07');
    expect(localDateTimeToMs('2020-08-08', '12:45')).toBe(Date.UTC(2020, 7, 8, 5, 45));
    expect(Number.isNaN(localMidnight('8/8/2020'))).toBe(true);
    expect(formatDayString('2020-08-08')).toBe('08/08/2020');
  });
});
