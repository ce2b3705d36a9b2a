// Clock times for the staff console in the kiosk's local time zone (Asia/Ho_Chi_Minh unless
// the core says otherwise), whatever zone the machine itself is set to. Written out as
// "HH:mm dd/MM" (the Vietnamese order) from Intl's parts, because Intl's whole vi-VN string
// differs between ICU versions and staff should read the same thing on every kiosk.
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(unixMs: number, timeZone: string): Record<string, string> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit' });
    formatters.set(timeZone, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(unixMs))) out[p.type] = p.value;
  return out;
}

export function formatClock(unixMs: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (!Number.isFinite(unixMs) || Number.isNaN(new Date(unixMs).getTime())) return '—';
  const p = partsOf(unixMs, timeZone);
  return `${p.hour}:${p.minute} ${p.day}/${p.month}`;
}

/** "HH:mm" only. */
export function formatHourMinute(unixMs: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (!Number.isFinite(unixMs)) return '—';
  const p = partsOf(unixMs, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** Bluezone's slots are UTC quarter-hours; people see the one they are in as local clock times. */
export const SLOT_MS = 15 * 60_000;

export function slotWindow(nowMs: number, timeZone: string = DEFAULT_TIME_ZONE): { from: string; to: string } {
  const start = Math.floor(nowMs / SLOT_MS) * SLOT_MS;
  return { from: formatHourMinute(start, timeZone), to: formatHourMinute(start + SLOT_MS, timeZone) };
}
