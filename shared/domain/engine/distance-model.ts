// Log-distance path-loss model: rssi(d) = rssiAt1m − 10·n·log10(d).
// Calibrated per kiosk (radios differ: a Pi 3B+ hears about twice as far as a Pi 4),
// so both parameters are configuration, measured on site with a phone held at 1 m.
// Classification is done in the RSSI domain against precomputed thresholds so the
// ingest hot path never calls Math.log10/Math.pow.
import type { DistanceClass } from '../types.js';

export interface Calibration {
  /** Median RSSI (dBm) measured with a phone held 1 m from the kiosk. */
  readonly rssiAt1m: number;
  /** Path-loss exponent n: ~2 in free space, 2.5–4 indoors with people around. */
  readonly pathLossExponent: number;
}

export interface DistanceBands {
  /** Upper bound of "near" in metres (architecture: near ≤ 2 m). */
  readonly nearMaxM: number;
  /** Upper bound of "mid" in metres; anything beyond is "far". */
  readonly midMaxM: number;
}

/** Estimated distance (m) for an RSSI under the model. */
export function estimateDistanceM(rssi: number, cal: Calibration): number {
  return 10 ** ((cal.rssiAt1m - rssi) / (10 * cal.pathLossExponent));
}

/** The weakest RSSI that is still within `distanceM` under the model. */
export function rssiAtDistance(distanceM: number, cal: Calibration): number {
  return cal.rssiAt1m - 10 * cal.pathLossExponent * Math.log10(distanceM);
}

/** RSSI thresholds for the distance classes, computed once per configuration. */
export interface DistanceThresholds {
  readonly nearMinRssi: number;
  readonly midMinRssi: number;
}

export function distanceThresholds(cal: Calibration, bands: DistanceBands): DistanceThresholds {
  return { nearMinRssi: rssiAtDistance(bands.nearMaxM, cal), midMinRssi: rssiAtDistance(bands.midMaxM, cal) };
}

/** Class of a (smoothed) RSSI: stronger than the near threshold is near, and so on. */
export function classifyRssi(rssi: number, t: DistanceThresholds): DistanceClass {
  if (rssi >= t.nearMinRssi) return 'near';
  if (rssi >= t.midMinRssi) return 'mid';
  return 'far';
}

const RANK: Readonly<Record<DistanceClass, number>> = { near: 0, mid: 1, far: 2 };

/** The closer of two classes (the server merges encounters this way too). */
export function closerDistance(a: DistanceClass, b: DistanceClass): DistanceClass {
  return RANK[a] <= RANK[b] ? a : b;
}
