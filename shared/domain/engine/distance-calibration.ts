// Two-point calibration at the decision boundaries. Staff hold a phone at 2 m (the edge
// of "near") and then at about 4-5 m (the edge of "mid"); the medians measured there ARE
// the thresholds, so no path-loss model and no 1-m reference stand between the
// measurement and the decision. The check-in threshold (0.5 m) is extrapolated with the
// path-loss exponent the two points imply.
import type { DistanceThresholds } from './distance-model.js';

export interface CalibrationPoints {
  /** Median RSSI (dBm) of the phone held at `nearM`. */
  readonly nearMedian: number;
  readonly nearM: number;
  /** Median RSSI (dBm) of the phone held at `farM`. */
  readonly farMedian: number;
  readonly farM: number;
}

export interface CalibratedThresholds extends DistanceThresholds {
  /** Weakest smoothed RSSI that counts as a phone held at the kiosk. */
  readonly checkInMinRssi: number;
}

/** The two medians must differ by at least this (dB), or the points were not 2 m apart. */
export const MIN_CALIBRATION_SPREAD_DB = 3;
const MIN_EXPONENT = 1.5;
const MAX_EXPONENT = 5;

export type CalibrationResult =
  | { readonly ok: true; readonly thresholds: CalibratedThresholds; readonly pathLossExponent: number }
  | { readonly ok: false; readonly code: 'calibration_points_too_close' | 'calibration_out_of_range' };

export function thresholdsFromPoints(p: CalibrationPoints, checkInM: number): CalibrationResult {
  const values = [p.nearMedian, p.farMedian];
  if (!values.every((v) => Number.isFinite(v) && v >= -127 && v <= 20) || !(p.farM > p.nearM && p.nearM > 0)) {
    return { ok: false, code: 'calibration_out_of_range' };
  }
  if (p.nearMedian - p.farMedian < MIN_CALIBRATION_SPREAD_DB) return { ok: false, code: 'calibration_points_too_close' };
  const raw = (p.nearMedian - p.farMedian) / (10 * Math.log10(p.farM / p.nearM));
  const n = Math.min(MAX_EXPONENT, Math.max(MIN_EXPONENT, raw));
  return {
    ok: true,
    pathLossExponent: n,
    thresholds: {
      nearMinRssi: p.nearMedian,
      midMinRssi: p.farMedian,
      checkInMinRssi: Math.round(p.nearMedian + 10 * n * Math.log10(p.nearM / checkInM)),
    },
  };
}
