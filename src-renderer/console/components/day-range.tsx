// A range of local days for a report ("Từ ngày" … "Đến ngày"), starting as the last `days`
// days up to today. Both ends are always set: clearing a date field keeps the day it had.
import { useState } from 'react';
import { localDayOf } from '../../../shared/i18n/local-time.js';
import { useT } from '../i18n.js';

const DAY = 86_400_000;

export interface DayRange {
  /** "YYYY-MM-DD", local. */
  readonly from: string;
  readonly to: string;
  setFrom(day: string): void;
  setTo(day: string): void;
}

export function useDayRange(days: number): DayRange {
  const [now] = useState(() => Date.now());
  const [from, setFrom] = useState(() => localDayOf(now - (days - 1) * DAY));
  const [to, setTo] = useState(() => localDayOf(now));
  return { from, to, setFrom, setTo };
}

export function DayRangeFields({ range }: { range: DayRange }) {
  const { t } = useT();
  return (
    <>
      <label>
        {t('filter_from')}
        <input type="date" name="from" value={range.from} onChange={(e) => e.target.value && range.setFrom(e.target.value)} />
      </label>
      <label>
        {t('filter_to')}
        <input type="date" name="to" value={range.to} onChange={(e) => e.target.value && range.setTo(e.target.value)} />
      </label>
    </>
  );
}
