// Staff PIN check, lockout and in-memory staff sessions for the kiosk's staff console.
// Pure apart from node:crypto: the clock and the token source are injected for tests.
// Sessions live in memory only, so a restart of the core logs everyone out (by design: no
// session secret ever touches the SD card).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const MAX_WRONG_PINS = 5;
export const LOCKOUT_MS = 5 * 60_000;
export const SESSION_IDLE_MS = 12 * 60 * 60_000;
/** A kiosk has one touchscreen; the cap only bounds memory if something loops on logins. */
export const MAX_SESSIONS = 32;

export type LoginResult =
  | { ok: true; token: string }
  | { ok: false; code: 'pin_invalid'; triesLeft: number }
  | { ok: false; code: 'pin_locked'; retryAfterMs: number };

export interface StaffAuthOptions {
  now?: () => number;
  newToken?: () => string;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export class StaffAuth {
  readonly #pinDigest: Buffer;
  readonly #now: () => number;
  readonly #newToken: () => string;
  /** SHA-256 of the token (hex) -> last use. Only digests are kept, never the cookie value. */
  readonly #sessions = new Map<string, number>();
  #wrong = 0;
  #lockedUntil = 0;

  constructor(pin: string, options: StaffAuthOptions = {}) {
    if (!/^[0-9]{4,8}$/.test(pin)) throw new Error('staff PIN must be 4 to 8 digits');
    this.#pinDigest = sha256(pin);
    this.#now = options.now ?? Date.now;
    this.#newToken = options.newToken ?? (() => randomBytes(32).toString('base64url'));
  }

  /**
   * Checks a PIN. Comparing fixed-length digests with timingSafeEqual keeps the time
   * independent of how many leading digits were right. The lockout counter is kiosk-wide:
   * every request comes through the same touchscreen, so per-client counting adds nothing.
   */
  login(pin: string): LoginResult {
    const now = this.#now();
    if (now < this.#lockedUntil) return { ok: false, code: 'pin_locked', retryAfterMs: this.#lockedUntil - now };
    if (!timingSafeEqual(sha256(pin), this.#pinDigest)) {
      this.#wrong += 1;
      if (this.#wrong >= MAX_WRONG_PINS) {
        this.#wrong = 0;
        this.#lockedUntil = now + LOCKOUT_MS;
        return { ok: false, code: 'pin_locked', retryAfterMs: LOCKOUT_MS };
      }
      return { ok: false, code: 'pin_invalid', triesLeft: MAX_WRONG_PINS - this.#wrong };
    }
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
