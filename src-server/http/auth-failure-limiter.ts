// Per-address limit on failed authentication. The general rate limit is keyed by verified
// identity (a kiosk whose signature verified, a user whose session resolved) and so runs
// after authentication; requests that fail authentication are counted here, by address, so
// made-up kiosk ids or tokens cannot be used to flood the server, and nobody can spend a
// real kiosk's budget by sending unsigned requests in its name.
import { ApiError } from './api-error.js';

const WINDOW_MS = 60_000;
/** Bound on tracked addresses; past it the oldest window is dropped wholesale. */
const MAX_TRACKED = 100_000;

export class AuthFailureLimiter {
  private counts = new Map<string, number>();
  private windowStart = 0;

  constructor(
    private readonly maxPerMinute: number,
    private readonly now: () => number,
  ) {}

  private roll(): void {
    const t = this.now();
    if (t - this.windowStart >= WINDOW_MS || t < this.windowStart || this.counts.size > MAX_TRACKED) {
      this.counts = new Map();
      this.windowStart = t;
    }
  }

  /** Refuses an address that failed authentication too often in this window. */
  check(address: string): void {
    this.roll();
    if ((this.counts.get(address) ?? 0) >= this.maxPerMinute) {
      throw new ApiError(429, 'rate_limited', 'too many failed authentications from this address; retry in a minute');
    }
  }

  fail(address: string): void {
    this.roll();
    this.counts.set(address, (this.counts.get(address) ?? 0) + 1);
  }
}
