// Date filters are local days: "YYYY-MM-DD" in the server's time zone (BZ_TIME_ZONE,
// Asia/Ho_Chi_Minh by default), as officials read them in the console. Data is stored per
// UTC 15-minute slot (the protocol's grid); a local day is the whole slots from its local
// midnight to the next (every real zone's offset is a multiple of 15 minutes).
import { DAY_MS, slotOf } from '../../shared/domain/slots.js';
import { daysBefore, localDate, localDayStart, zoneOffsetMs } from '../../shared/domain/local-day.js';
import { badRequest } from './api-error.js';

export interface LocalDaySpan {
  /** 'YYYY-MM-DD', local. */
  readonly day: string;
  /** First and last UTC slot of the local day. */
  readonly fromSlot: number;
  readonly toSlot: number;
}

/** Local midnight that starts a local calendar day 'YYYY-MM-DD', Unix ms. */
function startOf(day: string, timeZone: string): number {
  const noonUtc = Date.parse(`${day}T12:00:00Z`);
  return localDayStart(noonUtc - zoneOffsetMs(noonUtc, timeZone), timeZone);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The UTC slots of one local day. */
export function localDaySpan(day: string, timeZone: string): LocalDaySpan {
  return { day, fromSlot: slotOf(startOf(day, timeZone)), toSlot: slotOf(startOf(nextDay(day), timeZone)) - 1 };
}

export function parseDay(text: string, field: string, timeZone: string): LocalDaySpan {
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw badRequest('invalid_day', `${field} must be a real local day YYYY-MM-DD (${timeZone})`);
  }
  return localDaySpan(text, timeZone);
}

/** Today's local day at `now`. */
export function today(now: number, timeZone: string): LocalDaySpan {
  return localDaySpan(localDate(now, timeZone), timeZone);
}

export interface LocalDayRange {
  readonly from: string;
  readonly to: string;
  /** First slot of `from` and last slot of `to`. */
  readonly fromSlot: number;
  readonly toSlot: number;
}

/** A from/to local-day range, defaulting to the last `defaultDays` days ending today; at most `maxDays`. */
export function dayRange(from: string | undefined, to: string | undefined, now: number, defaultDays: number, timeZone: string, maxDays = 366): LocalDayRange {
  const toSpan = to === undefined ? today(now, timeZone) : parseDay(to, 'to', timeZone);
  const fromSpan = from === undefined ? localDaySpan(daysBefore(toSpan.day, defaultDays - 1), timeZone) : parseDay(from, 'from', timeZone);
  if (fromSpan.day > toSpan.day) throw badRequest('invalid_range', 'from is after to');
  const days = Math.round((Date.parse(`${toSpan.day}T00:00:00Z`) - Date.parse(`${fromSpan.day}T00:00:00Z`)) / DAY_MS) + 1;
  if (days > maxDays) throw badRequest('invalid_range', `at most ${maxDays} days at once`);
  return { from: fromSpan.day, to: toSpan.day, fromSlot: fromSpan.fromSlot, toSlot: toSpan.toSlot };
}
