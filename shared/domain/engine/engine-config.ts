// Encounter engine configuration: defaults, and one validation at construction so a
// bad value stops start-up with a message that says what to fix.
import type { Calibration, DistanceBands } from './distance-model.js';
import { DEDUP_MS } from './dedup.js';

export interface CheckInConfig {
  /** A phone counts as held at the kiosk within this distance (m). */
  readonly maxDistanceM: number;
  readonly holdMs: number;
  readonly maxGapMs: number;
  readonly alpha: number;
}

export interface EngineConfig {
  readonly dedupMs: number;
  /** "Here now" = seen within this window. */
  readonly presenceWindowMs: number;
  readonly calibration: Calibration;
  readonly bands: DistanceBands;
  readonly checkIn: CheckInConfig;
  /** Window either side of a slot boundary for the continuity estimate. */
  readonly continuityWindowMs: number;
  /** Timer flush period. */
  readonly flushIntervalMs: number;
  /** Flush early (off the hot path) once this many rows are pending. */
  readonly flushMaxRows: number;
  /** Retention purge period. */
  readonly purgeIntervalMs: number;
  /** Unwritable rows kept in memory while the disk is full, before old slots are let go. */
  readonly maxPendingRows: number;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  dedupMs: DEDUP_MS,
  presenceWindowMs: 60_000,
  // A phone at 1 m typically reads around −60 dBm on a Pi radio; measure on site.
  calibration: { rssiAt1m: -60, pathLossExponent: 2.2 },
  bands: { nearMaxM: 2, midMaxM: 5 },
  checkIn: { maxDistanceM: 0.5, holdMs: 2_000, maxGapMs: 1_500, alpha: 0.3 },
  continuityWindowMs: 60_000,
  flushIntervalMs: 1_000,
  flushMaxRows: 2_000,
  purgeIntervalMs: 3_600_000,
  // Several hours of a busy venue (5,000 IDs per slot), roughly 60 MB.
  maxPendingRows: 100_000,
};

export class EngineConfigError extends Error {
  readonly code = 'invalid_engine_config';
  constructor(readonly field: string, detail: string) {
    super(`invalid_engine_config: ${field} ${detail}`);
    this.name = 'EngineConfigError';
  }
}

export interface EngineConfigInput extends Partial<Omit<EngineConfig, 'calibration' | 'bands' | 'checkIn'>> {
  readonly calibration?: Partial<Calibration>;
  readonly bands?: Partial<DistanceBands>;
  readonly checkIn?: Partial<CheckInConfig>;
}

function check(field: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new EngineConfigError(field, `must be a number in [${min}, ${max}], got ${String(value)}`);
  }
}

/** Merges the input over the defaults and validates every field. */
export function resolveEngineConfig(input: EngineConfigInput = {}): EngineConfig {
  const d = DEFAULT_ENGINE_CONFIG;
  const c: EngineConfig = {
    ...d,
    ...input,
    calibration: { ...d.calibration, ...input.calibration },
    bands: { ...d.bands, ...input.bands },
    checkIn: { ...d.checkIn, ...input.checkIn },
  };
  check('dedupMs', c.dedupMs, 0, 60_000);
  check('presenceWindowMs', c.presenceWindowMs, 1_000, 3_600_000);
  check('calibration.rssiAt1m', c.calibration.rssiAt1m, -120, 0);
  check('calibration.pathLossExponent', c.calibration.pathLossExponent, 1, 6);
  check('bands.nearMaxM', c.bands.nearMaxM, 0.1, 100);
  check('bands.midMaxM', c.bands.midMaxM, c.bands.nearMaxM, 1_000);
  check('checkIn.maxDistanceM', c.checkIn.maxDistanceM, 0.01, c.bands.nearMaxM);
  check('checkIn.holdMs', c.checkIn.holdMs, 0, 60_000);
  check('checkIn.maxGapMs', c.checkIn.maxGapMs, 10, 60_000);
  check('checkIn.alpha', c.checkIn.alpha, 0.01, 1);
  check('continuityWindowMs', c.continuityWindowMs, 0, 450_000);
  check('flushIntervalMs', c.flushIntervalMs, 10, 60_000);
  check('flushMaxRows', c.flushMaxRows, 1, 1_000_000);
  check('purgeIntervalMs', c.purgeIntervalMs, 1_000, 86_400_000);
  check('maxPendingRows', c.maxPendingRows, 1, 10_000_000);
  return c;
}
