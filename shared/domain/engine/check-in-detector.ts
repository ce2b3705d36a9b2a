// "Phone held at the kiosk": the smoothed RSSI must stay above the check-in threshold
// without a gap for `holdMs`. RSSI at a fixed 1 m swings by tens of dB, so a single
// strong advert is never enough; an exponentially weighted average over the raw advert
// stream (before the 5-s de-dup, which only governs counting) smooths the spikes.

export interface CheckInRule {
  /** Weakest smoothed RSSI that counts as "held at the kiosk". */
  readonly minRssi: number;
  /** How long the phone must stay there. */
  readonly holdMs: number;
  /** A silence longer than this restarts the hold (the phone was taken away). */
  readonly maxGapMs: number;
  /** EWMA weight of a new sample, 0 < alpha ≤ 1. */
  readonly alpha: number;
}

/** Mutable per-visitor state; lives in memory only. */
export interface CheckInState {
  smoothed: number;
  lastAt: number;
  /** Start of the current uninterrupted hold, NaN when not holding. */
  holdSince: number;
}

export function newCheckInState(): CheckInState {
  return { smoothed: Number.NaN, lastAt: Number.NaN, holdSince: Number.NaN };
}

/**
 * Feeds one raw reception; returns true exactly when the hold completes (the caller
 * fires the check-in once and ignores further trues for the same encounter).
 */
export function updateCheckIn(state: CheckInState, rssi: number, at: number, rule: CheckInRule): boolean {
  const gap = at - state.lastAt;
  // NaN lastAt (first sample) and out-of-order receptions both restart smoothing.
  if (!(gap >= 0 && gap <= rule.maxGapMs)) {
    state.smoothed = rssi;
    state.holdSince = Number.NaN;
  } else {
    state.smoothed += rule.alpha * (rssi - state.smoothed);
  }
  state.lastAt = at;
  if (state.smoothed < rule.minRssi) {
    state.holdSince = Number.NaN;
    return false;
  }
  if (Number.isNaN(state.holdSince)) {
    state.holdSince = at;
    return rule.holdMs <= 0;
  }
  return at - state.holdSince >= rule.holdMs;
}
