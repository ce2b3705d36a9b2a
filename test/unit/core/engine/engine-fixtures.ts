// Test helpers: a settable clock and sightings with readable defaults.
import type { Protocol, Sighting } from '../../../../shared/domain/types.js';

export { ManualClock as FakeClock } from '../../../fixtures/manual-clock.js';

/** 2024-03-04 10:00:00 UTC: a slot boundary (10:00 is a multiple of 15 min). */
export const T0 = Date.UTC(2024, 2, 4, 10, 0, 0);

export function bzId(n: number): string {
  return n.toString(16).toUpperCase().padStart(24, '0');
}

export function gaenId(n: number): string {
  return n.toString(16).toUpperCase().padStart(32, '0');
}

export function sighting(id: string, at: number, rssi = -70, protocol: Protocol = 'bluezone_android', trusted = true): Sighting {
  return { id, at, rssi, protocol, trusted };
}
