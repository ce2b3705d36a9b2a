// On-screen names for API enums, in the chosen language.
import type { ConsoleLang } from '../i18n.js';
import type { Exposure, ExposureStatus } from '../../../shared/api/server-api.js';

export const EXPOSURE_STATUSES: readonly ExposureStatus[] = ['new', 'venue_notified', 'visitors_partially_notified', 'visitors_notified', 'closed'];

export function statusLabel(t: ConsoleLang['t'], s: ExposureStatus): string {
  return t(`status_${s}`);
}

export function distanceLabel(t: ConsoleLang['t'], d: Exposure['closest_distance']): string {
  return t(`distance_${d}`);
}

export function sourceLabel(t: ConsoleLang['t'], s: Exposure['source']): string {
  return t(`source_${s}`);
}

export function addressOf(v: { ward: string; district: string; province: string }): string {
  return [v.ward, v.district, v.province].filter((x) => x !== '').join(', ');
}
