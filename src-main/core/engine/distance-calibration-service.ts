// The two-point distance calibration the staff console's wizard drives: staff carry a
// phone along an arc 2 m from the kiosk (half the time in hand, half in a pocket), then at
// about 4.5 m; for each point the kiosk listens for `durationMs` and takes the median RSSI
// of the phone it hears most steadily. Applying sets the near / mid thresholds in dBm,
// stores them in the kiosk's settings and puts them in force at once. Thresholds from
// configuration count as calibrated; until one or the other exists staff see an alert.
import { thresholdsFromPoints, type CalibratedThresholds } from '../../../shared/domain/engine/distance-calibration.js';
import { RssiHistogram } from '../../../shared/domain/engine/rssi-histogram.js';
import type { Sighting } from '../../../shared/domain/types.js';
import { SLOT_MS } from '../../../shared/domain/slots.js';
import type { Clock } from '../ports.js';
import type { Settings } from '../store/settings-repository.js';
import type { EncounterEngine } from './encounter-engine.js';

export type CalibrationPosition = 'near' | 'far';
export type ThresholdSource = 'calibration' | 'configuration' | 'default';

/** Where the wizard's two points are, in metres (the decision boundaries). */
export const CALIBRATION_DISTANCE_M: Readonly<Record<CalibrationPosition, number>> = { near: 2, far: 4.5 };
export const CHECK_IN_DISTANCE_M = 0.5;
export const DEFAULT_MEASURE_MS = 60_000;
/** A point needs this many receptions of one phone to be trusted. */
export const MIN_SAMPLES = 20;
/** Phones followed at once while measuring (the staff phone is the steadiest of them). */
const MAX_TRACKED = 64;
const SETTINGS_KEY = 'distance_calibration';
/**
 * A phone's ID changes at a 15-minute UTC slot boundary, a Bluezone Android phone up to ~30 s
 * late (docs/protocol.md §1.2): a successor ID is first heard within this
 * long after a boundary...
 */
const ROTATION_LATE_MS = 35_000;
/** ...and within this long after its predecessor was last heard (the 15 s advertising pause). */
const ROTATION_GAP_MS = 20_000;

/** One ID's receptions while measuring. */
interface Track {
  readonly h: RssiHistogram;
  readonly first: number;
  last: number;
}

/** True when `next` can be `prev`'s phone under its next slot's ID. */
function rotatesInto(prev: Track, next: Track): boolean {
  const boundary = Math.floor(next.first / SLOT_MS) * SLOT_MS;
  return next.first - boundary <= ROTATION_LATE_MS && prev.first < boundary && prev.last <= next.first && next.first - prev.last <= ROTATION_GAP_MS;
}

export interface PointResult {
  readonly median: number;
  readonly samples: number;
  readonly measuredAt: number;
}

export interface CalibrationState {
  readonly calibrated: boolean;
  readonly source: ThresholdSource;
  readonly thresholds: CalibratedThresholds;
  readonly calibratedAt: number | null;
  readonly measuring: { position: CalibrationPosition; startedAt: number; durationMs: number; samples: number; median: number | null } | null;
  readonly points: Partial<Record<CalibrationPosition, PointResult>>;
  /** Why the last measurement gave no point, if it did not. */
  readonly lastError: 'too_few_samples' | null;
}

export type ApplyResult = { ok: true; state: CalibrationState } | { ok: false; code: string; message: string };

interface Stored {
  near_min_rssi: number;
  mid_min_rssi: number;
  check_in_min_rssi: number;
  calibrated_at: number;
}

/** Thresholds from configuration (BZ_NEAR_MIN_RSSI at 2 m, BZ_MID_MIN_RSSI at 5 m), or null. */
export function configuredThresholds(c: { distanceThresholds: { nearMinRssi: number; midMinRssi: number } | null }): CalibratedThresholds | null {
  const t = c.distanceThresholds;
  if (t === null) return null;
  const r = thresholdsFromPoints({ nearMedian: t.nearMinRssi, nearM: 2, farMedian: t.midMinRssi, farM: 5 }, CHECK_IN_DISTANCE_M);
  // Points closer than 3 dB still are the installer's explicit choice: keep them, extrapolate nothing.
  return r.ok ? r.thresholds : { ...t, checkInMinRssi: t.nearMinRssi + 12 };
}

export interface CalibrationOptions {
  /** How long a point is measured when the caller does not say (BZ_CALIBRATION_SECONDS). */
  readonly defaultDurationMs?: number;
  /**
   * Told where staff are asked to hold the phone while a point is measured (metres), and
   * null when no point is being measured. The simulated radio uses it to carry its staff
   * phone there; on real hardware nothing listens.
   */
  readonly onMeasuring?: (distanceM: number | null) => void;
}

export class DistanceCalibrationService {
  private source: ThresholdSource;
  private calibratedAt: number | null = null;
  private measuring: { position: CalibrationPosition; startedAt: number; durationMs: number; perId: Map<string, Track> } | null = null;
  private points: Partial<Record<CalibrationPosition, PointResult>> = {};
  private lastError: 'too_few_samples' | null = null;

  constructor(
    private readonly engine: EncounterEngine,
    private readonly settings: Settings,
    private readonly clock: Clock,
    configured: CalibratedThresholds | null,
    private readonly options: CalibrationOptions = {},
  ) {
    const stored = this.load();
    if (stored) {
      this.engine.setDistanceThresholds({ nearMinRssi: stored.near_min_rssi, midMinRssi: stored.mid_min_rssi, checkInMinRssi: stored.check_in_min_rssi });
      this.source = 'calibration';
      this.calibratedAt = stored.calibrated_at;
    } else if (configured) {
      this.engine.setDistanceThresholds(configured);
      this.source = 'configuration';
    } else {
      this.source = 'default';
    }
  }

  get calibrated(): boolean {
    return this.source !== 'default';
  }

  state(): CalibrationState {
    this.finishIfDue();
    const m = this.measuring;
    const lead = m === null ? undefined : this.best(m.perId);
    return {
      calibrated: this.calibrated,
      source: this.source,
      thresholds: this.engine.distanceThresholds(),
      calibratedAt: this.calibratedAt,
      measuring:
        m === null
          ? null
          : { position: m.position, startedAt: m.startedAt, durationMs: m.durationMs, samples: lead?.size ?? 0, median: lead?.median() ?? null },
      points: { ...this.points },
      lastError: this.lastError,
    };
  }

  /** Starts (or restarts) measuring one point; the other point is kept. */
  start(position: CalibrationPosition, durationMs = this.options.defaultDurationMs ?? DEFAULT_MEASURE_MS): CalibrationState {
    // A measurement whose time is up keeps its point even if nobody polled in between.
    this.finishIfDue();
    const perId = new Map<string, Track>();
    this.measuring = { position, startedAt: this.clock.now(), durationMs, perId };
    this.lastError = null;
    const { [position]: _dropped, ...rest } = this.points;
    this.points = rest;
    const endsAt = this.measuring.startedAt + durationMs;
    this.engine.tapReceptions((s: Sighting, rssi: number) => {
      if (s.protocol === 'gaen' || s.at > endsAt) return;
      let t = perId.get(s.id);
      if (t === undefined) {
        if (perId.size >= MAX_TRACKED) return;
        t = { h: new RssiHistogram(), first: s.at, last: s.at };
        perId.set(s.id, t);
      }
      t.h.add(rssi);
      t.last = Math.max(t.last, s.at);
    });
    this.options.onMeasuring?.(CALIBRATION_DISTANCE_M[position]);
    return this.state();
  }

  cancel(): CalibrationState {
    this.stop();
    return this.state();
  }

  /** Computes the thresholds from both points, stores them and puts them in force. */
  apply(): ApplyResult {
    this.finishIfDue();
    const near = this.points.near;
    const far = this.points.far;
    if (near === undefined || far === undefined) {
      return { ok: false, code: 'calibration_incomplete', message: 'measure both points (2 m and 4.5 m) first' };
    }
    const r = thresholdsFromPoints(
      { nearMedian: near.median, nearM: CALIBRATION_DISTANCE_M.near, farMedian: far.median, farM: CALIBRATION_DISTANCE_M.far },
      CHECK_IN_DISTANCE_M,
    );
    if (!r.ok) {
      const message = r.code === 'calibration_points_too_close' ? 'the two points read almost the same: measure again, 2 m and then 4.5 m from the kiosk' : 'a measured value is out of range';
      return { ok: false, code: r.code, message };
    }
    const now = this.clock.now();
    const stored: Stored = {
      near_min_rssi: r.thresholds.nearMinRssi,
      mid_min_rssi: r.thresholds.midMinRssi,
      check_in_min_rssi: r.thresholds.checkInMinRssi,
      calibrated_at: now,
    };
    this.settings.set(SETTINGS_KEY, JSON.stringify(stored));
    this.engine.setDistanceThresholds(r.thresholds);
    this.source = 'calibration';
    this.calibratedAt = now;
    this.points = {};
    return { ok: true, state: this.state() };
  }

  dispose(): void {
    this.stop();
  }

  private finishIfDue(): void {
    const m = this.measuring;
    if (m === null || this.clock.now() - m.startedAt < m.durationMs) return;
    const best = this.best(m.perId);
    const median = best?.median();
    if (best === undefined || median === undefined || best.size < MIN_SAMPLES) this.lastError = 'too_few_samples';
    else this.points = { ...this.points, [m.position]: { median, samples: best.size, measuredAt: this.clock.now() } };
    this.stop();
  }

  /**
   * The phone heard most often: the one staff are holding still at the point. A measurement
   * that crosses a slot boundary hears the staff phone under two IDs; those are joined (an ID
   * followed by the best-heard ID that rotates into it) before phones are compared.
   */
  private best(perId: Map<string, Track>): RssiHistogram | undefined {
    const tracks = [...perId.values()];
    const successor = (t: Track): Track | undefined => {
      let next: Track | undefined;
      for (const u of tracks) if (u !== t && rotatesInto(t, u) && (next === undefined || u.h.size > next.h.size)) next = u;
      return next;
    };
    let best: RssiHistogram | undefined;
    for (const start of tracks) {
      const chain = new RssiHistogram();
      const seen = new Set<Track>();
      for (let t: Track | undefined = start; t !== undefined && !seen.has(t); t = successor(t)) {
        seen.add(t);
        chain.addAll(t.h);
      }
      if (best === undefined || chain.size > best.size) best = chain;
    }
    return best;
  }

  private stop(): void {
    const was = this.measuring;
    this.measuring = null;
    this.engine.tapReceptions(undefined);
    if (was !== null) this.options.onMeasuring?.(null);
  }

  private load(): Stored | undefined {
    const raw = this.settings.get(SETTINGS_KEY);
    if (raw === undefined) return undefined;
    try {
      const o = JSON.parse(raw) as Partial<Stored>;
      const ok = [o.near_min_rssi, o.mid_min_rssi, o.check_in_min_rssi, o.calibrated_at].every((n) => typeof n === 'number' && Number.isFinite(n));
      return ok && o.near_min_rssi! > o.mid_min_rssi! ? (o as Stored) : undefined;
    } catch {
      // A damaged setting counts as not calibrated: staff see the alert and calibrate again.
      return undefined;
    }
  }
}
