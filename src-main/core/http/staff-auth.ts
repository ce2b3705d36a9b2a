// Staff PIN check, lockout and in-memory staff sessions for the kiosk's staff console.
// Pure apart from node:crypto: the clock and the token source are injected for tests.
// Sessions live in memory only, so a restart of the core logs everyone out (by design: no
// session secret ever touches the SD card).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Wrong PINs slow the pad down instead of locking it: a lockout would let any visitor keep
 * staff out by tapping five wrong PINs. The first FREE_TRIES wrong PINs cost nothing; after
 * that each one makes the next attempt wait twice as long as the last (2 s, 4 s, 8 s …, at
 * most MAX_DELAY_MS), and a quiet FORGET_AFTER_MS forgets them. Guessing a 4-digit PIN then
 * takes days, while staff who mistype wait seconds.
 */
export const FREE_TRIES = 3;
export const FIRST_DELAY_MS = 2_000;
export const MAX_DELAY_MS = 60_000;
export const FORGET_AFTER_MS = 15 * 60_000;
export const SESSION_IDLE_MS = 12 * 60 * 60_000;
/** A kiosk has one touchscreen; the cap only bounds memory if something loops on logins. */
export const MAX_SESSIONS = 32;

export type LoginResult =
  | { ok: true; token: string }
  /** Wrong PIN; the next attempt is refused for `retryAfterMs` (0 while tries are free). */
  | { ok: false; code: 'pin_invalid'; retryAfterMs: number }
  /** Too soon after a wrong PIN: not checked, not counted. */
  | { ok: false; code: 'pin_wait'; retryAfterMs: number };

/** One PIN attempt, for the log (never the PIN itself). */
export interface PinAttempt {
  readonly outcome: 'ok' | 'wrong' | 'too_soon';
  /** Wrong PINs in a row so far. */
  readonly wrongInARow: number;
  readonly retryAfterMs: number;
}

export interface StaffAuthOptions {
  now?: () => number;
  newToken?: () => string;
  onAttempt?: (attempt: PinAttempt) => void;
}

/** How long the pad waits after `wrong` wrong PINs in a row. */
export function delayAfter(wrong: number): number {
  if (wrong <= FREE_TRIES) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (wrong - FREE_TRIES - 1));
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export class StaffAuth {
  readonly #pinDigest: Buffer;
  readonly #now: () => number;
  readonly #newToken: () => string;
  readonly #onAttempt: (attempt: PinAttempt) => void;
  /** SHA-256 of the token (hex) -> last use. Only digests are kept, never the cookie value. */
  readonly #sessions = new Map<string, number>();
  #wrong = 0;
  #lastWrongAt = 0;
  #notBefore = 0;

  constructor(pin: string, options: StaffAuthOptions = {}) {
    if (!/^[0-9]{4,8}$/.test(pin)) throw new Error('staff PIN must be 4 to 8 digits');
    this.#pinDigest = sha256(pin);
    this.#now = options.now ?? Date.now;
    this.#newToken = options.newToken ?? (() => randomBytes(32).toString('base64url'));
    this.#onAttempt = options.onAttempt ?? (() => undefined);
  }

  /**
   * Checks a PIN. Comparing fixed-length digests with timingSafeEqual keeps the time
   * independent of how many leading digits were right. The count is kiosk-wide: every request
   * comes through the same touchscreen, so per-client counting adds nothing.
   */
  login(pin: string): LoginResult {
    const now = this.#now();
    if (this.#wrong > 0 && now - this.#lastWrongAt >= FORGET_AFTER_MS) this.#wrong = 0;
    if (now < this.#notBefore) {
      const retryAfterMs = this.#notBefore - now;
      this.#onAttempt({ outcome: 'too_soon', wrongInARow: this.#wrong, retryAfterMs });
      return { ok: false, code: 'pin_wait', retryAfterMs };
    }
    if (!timingSafeEqual(sha256(pin), this.#pinDigest)) {
      this.#wrong += 1;
      this.#lastWrongAt = now;
      const retryAfterMs = delayAfter(this.#wrong);
      this.#notBefore = now + retryAfterMs;
      this.#onAttempt({ outcome: 'wrong', wrongInARow: this.#wrong, retryAfterMs });
      return { ok: false, code: 'pin_invalid', retryAfterMs };
    }
    this.#onAttempt({ outcome: 'ok', wrongInARow: this.#wrong, retryAfterMs: 0 });
    this.#wrong = 0;
    this.#prune(now);
    while (this.#sessions.size >= MAX_SESSIONS) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#sessions.delete(oldest);
    }
    const token = this.#newToken();
    this.#sessions.set(this.#key(token), now);
    return { ok: true, token };
  }

  /** True for a live session; does not extend it (used by the event stream on each send). */
  isValid(token: string | undefined): boolean {
    if (!token) return false;
    const last = this.#sessions.get(this.#key(token));
    return last !== undefined && this.#now() - last < SESSION_IDLE_MS;
  }

  /** True for a live session, which then counts as used now (staff requests keep it open). */
  touch(token: string | undefined): boolean {
    if (!token || !this.isValid(token)) return false;
    const key = this.#key(token);
    // Re-inserted so the map stays ordered by last use for the eviction above.
    this.#sessions.delete(key);
    this.#sessions.set(key, this.#now());
    return true;
  }

  logout(token: string | undefined): void {
    if (token) this.#sessions.delete(this.#key(token));
  }

  #key(token: string): string {
    return sha256(token).toString('hex');
  }

  #prune(now: number): void {
    for (const [key, last] of this.#sessions) if (now - last >= SESSION_IDLE_MS) this.#sessions.delete(key);
  }
}
