// Clock times for the staff console, in the kiosk's local time zone.
import type { Lang } from '../../shared/i18n/translate.js';

export function formatClock(lang: Lang, unixMs: number): string {
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
  }).format(new Date(unixMs));
}
