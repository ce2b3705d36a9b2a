// How the kiosk window recovers by itself: nobody is at a kiosk to press F5. A crashed or
// hung page is reloaded; if that keeps happening, reloading is not enough (GPU process
// wedged, memory exhausted) and the whole app is relaunched.

export type RecoveryAction = 'reload' | 'relaunch';

export interface RecoveryPolicyOptions {
  /** Reloads allowed within `windowMs` before the next failure relaunches the app. */
  maxReloads: number;
  windowMs: number;
}

export const DEFAULT_RECOVERY: RecoveryPolicyOptions = { maxReloads: 3, windowMs: 10 * 60_000 };

/** A page that stays unresponsive this long is treated as crashed. */
export const UNRESPONSIVE_GRACE_MS = 15_000;

export class RecoveryPolicy {
  readonly #options: RecoveryPolicyOptions;
  #failures: number[] = [];

  constructor(options: RecoveryPolicyOptions = DEFAULT_RECOVERY) {
    if (!Number.isInteger(options.maxReloads) || options.maxReloads < 0) throw new RangeError('maxReloads must be a whole number >= 0');
    if (!(options.windowMs > 0)) throw new RangeError('windowMs must be > 0');
    this.#options = options;
  }

  /** Records one crash or hang at `now` (ms) and says what to do about it. */
  recordFailure(now: number): RecoveryAction {
    this.#failures = this.#failures.filter((t) => now - t < this.#options.windowMs);
    this.#failures.push(now);
    return this.#failures.length > this.#options.maxReloads ? 'relaunch' : 'reload';
  }

  failuresInWindow(now: number): number {
    return this.#failures.filter((t) => now - t < this.#options.windowMs).length;
  }
}

/**
 * Delay before retrying a page load that failed (the core restarting, not up yet):
 * 1 s doubling to at most 15 s, so a core that is back is picked up quickly and a core
 * that is down is not hammered.
 */
export function loadRetryDelayMs(attempt: number): number {
  const n = Math.max(0, Math.floor(attempt));
  return Math.min(15_000, 1_000 * 2 ** Math.min(n, 4));
}
