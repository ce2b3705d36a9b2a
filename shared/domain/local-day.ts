// Local days. People read the kiosk in local time, and "today", the tallies and the day
// summaries start at local midnight (Asia/Ho_Chi_Minh by default), not at 07:00 as a UTC day
// would in Vietnam. Only Bluezone's 15-minute slots stay on UTC, as the protocol needs;
// every real time zone's offset is a multiple of 15 minutes, so a local day is whole slots.
import { DAY_MS } from './slots.js';

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** True for an IANA time zone name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    format(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Local minus UTC (ms) at an instant, e.g. +7 h for Vietnam. */
export function zoneOffsetMs(timeMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of format(timeZone).formatToParts(new Date(timeMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
  return asUtc - Math.floor(timeMs / 1000) * 1000;
}

/** The instant (Unix ms) of local midnight that starts the local day containing `timeMs`. */
export function localDayStart(timeMs: number, timeZone: string): number {
  const offset = zoneOffsetMs(timeMs, timeZone);
  const localMidnight = Math.floor((timeMs + offset) / DAY_MS) * DAY_MS;
  // A zone that changes offset during the day (DST) has midnight at the earlier offset.
  const start = localMidnight - zoneOffsetMs(localMidnight - offset, timeZone);
  return start <= timeMs ? start : localMidnight - offset;
}

/** The local calendar date of an instant, YYYY-MM-DD. */
export function localDate(timeMs: number, timeZone: string): string {
  const d = new Date(timeMs + zoneOffsetMs(timeMs, timeZone));
  return d.toISOString().slice(0, 10);
}

/** The local day ('YYYY-MM-DD') an instant falls in, Asia/Ho_Chi_Minh unless told. */
export function localDayOf(timeMs: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  return localDate(timeMs, timeZone);
}

/** True for a syntactically valid 'YYYY-MM-DD' day string. */
export function isLocalDay(day: string): boolean {
  return /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/.test(day);
}

/** The calendar day `days` before a 'YYYY-MM-DD' day (retention cut-offs of local days). */
export function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}
