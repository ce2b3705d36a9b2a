// Keeps the last two words of a line together, so a wrapped sentence never ends with one
// word alone on the last line (an "orphan", hard to read from arm's length on a kiosk).
export function noOrphan(text: string): string {
  const i = text.lastIndexOf(' ');
  return i <= 0 ? text : `${text.slice(0, i)}\u00A0${text.slice(i + 1)}`;
}
