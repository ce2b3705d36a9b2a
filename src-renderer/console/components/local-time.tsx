// Every time on screen: local date and clock time in Asia/Ho_Chi_Minh, with the exact
// instant in the machine-readable attribute.
import { formatLocalDate, formatLocalDateTime, formatLocalRange } from '../../../shared/i18n/local-time.js';

export function LocalTime({ ms, dateOnly = false }: { ms: number | null | undefined; dateOnly?: boolean }) {
  if (ms === null || ms === undefined) return <span>—</span>;
  return <time dateTime={new Date(ms).toISOString()}>{dateOnly ? formatLocalDate(ms) : formatLocalDateTime(ms)}</time>;
}

export function LocalRange({ start, end }: { start: number; end: number }) {
  return <time dateTime={`${new Date(start).toISOString()}/${new Date(end).toISOString()}`}>{formatLocalRange(start, end)}</time>;
}
