// Clock times for the staff console, in the kiosk's local time zone. Written out by hand
// as "HH:mm dd/MM" (the Vietnamese order) because Intl's vi-VN output differs between
// ICU versions, and staff should read the same thing on every kiosk.
export function formatClock(unixMs: number): string {
  const d = new Date(unixMs);
  if (Number.isNaN(d.getTime())) return '—';
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())} ${two(d.getDate())}/${two(d.getMonth() + 1)}`;
}
