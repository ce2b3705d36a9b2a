// Reporting periods in local time (Asia/Ho_Chi_Minh, UTC+7 all year, no daylight saving):
// people report per local day, ISO week (Monday to Sunday) or calendar month. Local days
// are 'YYYY-MM-DD' strings; day numbers count local days since 1970-01-01.
import { DAY_MS, SLOTS_PER_DAY, SLOT_MS } from './slots.js';

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
export const VN_OFFSET_MS = 7 * 3_600_000;
/** Slots between UTC midnight and the next local midnight: 17:00 UTC = slot 68, i.e. 96 - 28. */
export const LOCAL_DAY_SLOT_SHIFT = VN_OFFSET_MS / SLOT_MS;

export type PeriodKind = 'day' | 'week' | 'month';

export interface LocalPeriod {
  readonly kind: PeriodKind;
  /** First local day, inclusive. */
  readonly from: string;
  /** Last local day, inclusive. */
  readonly to: string;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local day number of 'YYYY-MM-DD', or null when it is not a real date. */
export function localDayNumber(day: string): number | null {
  const m = DAY_RE.exec(day);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) return null;
  return ms / DAY_MS;
}

export function localDayString(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The local day a UTC instant falls in. */
export function localDayOf(timeMs: number): number {
  return Math.floor((timeMs + VN_OFFSET_MS) / DAY_MS);
}

/** UTC instant of local midnight starting the local day. */
export function localDayStartMs(dayNumber: number): number {
  return dayNumber * DAY_MS - VN_OFFSET_MS;
}

/** First slot of a local day; the day covers [first, first + 96). */
export function firstSlotOfLocalDay(dayNumber: number): number {
  return dayNumber * SLOTS_PER_DAY - LOCAL_DAY_SLOT_SHIFT;
}

/** Local day a UTC slot belongs to (local days start at slot 68 of the previous UTC day). */
export function localDayOfSlot(slot: number): number {
  return Math.floor((slot + LOCAL_DAY_SLOT_SHIFT) / SLOTS_PER_DAY);
}

/** The period of `kind` that contains local day `anchor` ('YYYY-MM-DD'); null for a bad date. */
export function periodContaining(kind: PeriodKind, anchor: string): LocalPeriod | null {
  const n = localDayNumber(anchor);
  if (n === null) return null;
  if (kind === 'day') return { kind, from: anchor, to: anchor };
  if (kind === 'week') {
    // 1970-01-01 was a Thursday: (n + 3) mod 7 is 0 on Mondays.
    const monday = n - ((((n + 3) % 7) + 7) % 7);
    return { kind, from: localDayString(monday), to: localDayString(monday + 6) };
  }
  const y = Number(anchor.slice(0, 4));
  const m = Number(anchor.slice(5, 7));
  const first = Date.UTC(y, m - 1, 1) / DAY_MS;
  const last = Date.UTC(y, m, 1) / DAY_MS - 1;
  return { kind, from: localDayString(first), to: localDayString(last) };
}

/** Local days from..to inclusive as strings. */
export function localDaysBetween(from: string, to: string): string[] {
  const a = localDayNumber(from);
  const b = localDayNumber(to);
  if (a === null || b === null) return [];
  const out: string[] = [];
  for (let d = a; d <= b; d += 1) out.push(localDayString(d));
  return out;
}

/** "dd/mm/yyyy", the way Vietnamese documents write dates. */
export function formatDayVi(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/** Local "HH:MM dd/mm/yyyy" of a UTC instant. */
export function formatLocalDateTimeVi(timeMs: number): string {
  const d = new Date(timeMs + VN_OFFSET_MS).toISOString();
  return `${d.slice(11, 16)} ${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}

/** "ngày 05 tháng 8 năm 2020" for the date line of an administrative document. */
export function dateLineVi(timeMs: number): string {
  const d = new Date(timeMs + VN_OFFSET_MS);
  return `ngày ${String(d.getUTCDate()).padStart(2, '0')} tháng ${d.getUTCMonth() + 1} năm ${d.getUTCFullYear()}`;
}
