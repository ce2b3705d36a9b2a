// Configuration of the simulated venue. Validated once (radio-config.ts) before use.

/**
 * A member of staff with a Bluezone Android phone who answers the calibration wizard:
 * `none` nobody does (no phone is held for it), `follows` carries the phone to the distance
 * the wizard asks for while it measures, `stays` keeps it where the first measurement asked
 * (the two points then read the same, as when staff forget to step back).
 */
export type StaffPhoneMode = 'none' | 'follows' | 'stays';

export interface SimConfig {
  /** Phones the venue tends towards; arrivals pause while this many are present. */
  readonly targetPresent: number;
  readonly arrivalIntervalMs: number;
  /** Dwell time range [min, max]. */
  readonly dwellMs: readonly [number, number];
  /** Advert interval of each phone while it advertises. */
  readonly advertIntervalMs: number;
  /** Share of Bluezone phones that are iPhones (GATT read needed). */
  readonly iosShare: number;
  /** Share of arriving phones that are foreign GAEN phones. */
  readonly gaenShare: number;
  /** Adverts per second from other BLE devices (watches, beacons, TVs…). */
  readonly noisePerSecond: number;
  /** Share of noise adverts that are malformed bytes (exercise the reject path). */
  readonly malformedShare: number;
  /** Share of iPhones whose GATT connection never completes. */
  readonly iosFailureShare: number;
  /**
   * Bluezone Android advertises 15 s on / 15 s off with a new random address each time it
   * starts (docs/protocol.md §1.2, §5.6); 0 off-time advertises continuously.
   */
  readonly androidOnMs: number;
  readonly androidOffMs: number;
  /**
   * Share of arriving Bluezone Android phones whose owner first holds the phone at the kiosk
   * (about 15 cm) for `checkInHoldMs`, so the visitor screen's check-in is exercised.
   */
  readonly checkInShare: number;
  readonly checkInHoldMs: number;
  readonly staffPhone: StaffPhoneMode;
  /** Fixed seed for a reproducible run; random when absent. */
  readonly seed?: number;
  readonly tickMs: number;
}

export const DEFAULT_SIM_CONFIG: SimConfig = {
  targetPresent: 12,
  arrivalIntervalMs: 1500,
  dwellMs: [120_000, 900_000],
  advertIntervalMs: 500,
  iosShare: 0.35,
  gaenShare: 0.1,
  noisePerSecond: 15,
  malformedShare: 0.05,
  iosFailureShare: 0.05,
  androidOnMs: 15_000,
  androidOffMs: 15_000,
  checkInShare: 0.15,
  checkInHoldMs: 4_000,
  staffPhone: 'none',
  tickMs: 50,
};
