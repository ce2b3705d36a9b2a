// "YYYY-MM-DD" (UTC) <-> day numbers since the epoch, the unit of the `day` columns.
import { DAY_MS } from '../../shared/domain/slots.js';
import { badRequest } from './api-error.js';

export function parseDay(text: string, field: string): number {
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw badRequest('invalid_day', `${field} must be a real UTC day YYYY-MM-DD`);
  }
  return ms / DAY_MS;
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function today(now: number): number {
  return Math.floor(now / DAY_MS);
}

/** A from/to day range, defaulting to the last `defaultDays` days ending today; at most `maxDays`. */
export function dayRange(from: string | undefined, to: string | undefined, now: number, defaultDays: number, maxDays = 366): [number, number] {
  const toDay = to === undefined ? today(now) : parseDay(to, 'to');
  const fromDay = from === undefined ? toDay - defaultDays + 1 : parseDay(from, 'from');
  if (fromDay > toDay) throw badRequest('invalid_range', 'from is after to');
  if (toDay - fromDay + 1 > maxDays) throw badRequest('invalid_range', `at most ${maxDays} days at once`);
  return [fromDay, toDay];
}
