// Times as people in Vietnam read them: local date and clock time in Asia/Ho_Chi_Minh,
// written "dd/MM/yyyy HH:mm" whatever the browser's own zone or locale. Built from Intl's
// numeric parts rather than its vi-VN formatting, which differs between ICU versions.
export const LOCAL_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: LOCAL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

interface LocalParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

function partsOf(ms: number): LocalParts | null {
  if (!Number.isFinite(ms)) return null;
  const out: Record<string, string> = {};
  for (const p of PARTS.formatToParts(new Date(ms))) out[p.type] = p.value;
  return { year: out.year ?? '', month: out.month ?? '', day: out.day ?? '', hour: out.hour ?? '', minute: out.minute ?? '' };
}

/** "20/11/2026 17:00" */
export function formatLocalDateTime(ms: number | null | undefined): string {
  const p = ms === null || ms === undefined ? null : partsOf(ms);
  return p ? `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}` : '—';
}

/** "20/11/2026" */
export function formatLocalDate(ms: number | null | undefined): string {
  const p = ms === null || ms === undefined ? null : partsOf(ms);
  return p ? `${p.day}/${p.month}/${p.year}` : '—';
}

/** "17:00" */
export function formatLocalClock(ms: number | null | undefined): string {
  const p = ms === null || ms === undefined ? null : partsOf(ms);
  return p ? `${p.hour}:${p.minute}` : '—';
}

/** A time window: "20/11/2026 17:00–18:30", the date written once when both ends share it. */
export function formatLocalRange(startMs: number, endMs: number): string {
  const a = formatLocalDate(startMs);
  const b = formatLocalDate(endMs);
  return a === b ? `${a} ${formatLocalClock(startMs)}–${formatLocalClock(endMs)}` : `${formatLocalDateTime(startMs)} – ${formatLocalDateTime(endMs)}`;
}

/** The local day "YYYY-MM-DD" that contains this instant. */
export function localDayOf(ms: number): string {
  const p = partsOf(ms);
  return p ? `${p.year}-${p.month}-${p.day}` : '';
}

/** "2026-11-20" -> "20/11/2026" (a day string shown to people). */
export function formatDayString(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

/** Unix ms of local midnight starting the day "YYYY-MM-DD" (Vietnam has had no DST since 1975). */
export function localMidnight(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - 7 * 3_600_000;
}

/** Unix ms of a local date and clock time ("YYYY-MM-DD", "HH:mm") in Vietnam. */
export function localDateTimeToMs(day: string, clock: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(clock);
  if (!m) return Number.NaN;
  return localMidnight(day) + (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}
