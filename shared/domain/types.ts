// Domain vocabulary shared by the kiosk core, the key server and the UIs.

/** What kind of phone a sighting came from. */
export type Protocol = 'bluezone_android' | 'bluezone_ios' | 'gaen';
export const PROTOCOLS: readonly Protocol[] = ['bluezone_android', 'bluezone_ios', 'gaen'];

/** Distance classes: near ≤ 2 m, mid, far (docs/architecture.md §4). */
export type DistanceClass = 'near' | 'mid' | 'far';
export const DISTANCE_CLASSES: readonly DistanceClass[] = ['near', 'mid', 'far'];

/**
 * One decoded reception of a visitor's phone. Ephemeral: it lives in memory only.
 * `id` is upper-case hex: 24 chars for a Bluezone ID, 32 for a GAEN rolling proximity ID.
 * No MAC address, name or RSSI trace leaves the radio layer.
 */
export interface Sighting {
  readonly protocol: Protocol;
  readonly id: string;
  readonly rssi: number;
  /** Unix ms from the kiosk clock. */
  readonly at: number;
  /** False when the kiosk clock was not synchronised: kept apart, never uploaded as trusted. */
  readonly trusted: boolean;
}

export type RadioState = 'starting' | 'scanning' | 'powered_off' | 'no_adapter' | 'error' | 'stopped';

/** Manual tallies kept by reception staff beside the radio's counts. */
export type TallyKind = 'no_app' | 'helped_install';
export const TALLY_KINDS: readonly TallyKind[] = ['no_app', 'helped_install'];

export type VenueKind = 'office' | 'restaurant' | 'bus_station' | 'school' | 'hospital' | 'market' | 'other';
export const VENUE_KINDS: readonly VenueKind[] = [
  'office',
  'restaurant',
  'bus_station',
  'school',
  'hospital',
  'market',
  'other',
];
