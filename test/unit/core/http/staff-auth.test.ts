import { describe, expect, it } from 'vitest';
import { delayAfter, FORGET_AFTER_MS, FREE_TRIES, MAX_DELAY_MS, MAX_SESSIONS, SESSION_IDLE_MS, StaffAuth, type PinAttempt } from '../../../../src-main/core/http/staff-auth.js';

function setup(pin = '2468') {
  const clock = { t: 1_000_000 };
  let n = 0;
  const attempts: PinAttempt[] = [];
  const auth = new StaffAuth(pin, { now: () => clock.t, newToken: () => `token-${++n}`, onAttempt: (a) => attempts.push(a) });
  return { auth, clock, attempts };
}

describe('StaffAuth', () => {
  it('opens a session for the right PIN only', () => {
    const { auth } = setup();
    expect(auth.login('2469')).toEqual({ ok: false, code: 'pin_invalid', retryAfterMs: 0 });
    expect(auth.login('246')).toMatchObject({ ok: false, code: 'pin_invalid' });
    expect(auth.login('24680')).toMatchObject({ ok: false, code: 'pin_invalid' });
    const ok = auth.login('2468');
    expect(ok).toEqual({ ok: true, token: 'token-1' });
    expect(auth.isValid('token-1')).toBe(true);
    expect(auth.isValid('token-2')).toBe(false);
    expect(auth.isValid(undefined)).toBe(false);
  });

  it('never locks staff out: wrong PINs only make the next try wait, growing to at most a minute', () => {
    const { auth, clock } = setup();
    for (let i = 0; i < FREE_TRIES; i++) expect(auth.login('0000')).toEqual({ ok: false, code: 'pin_invalid', retryAfterMs: 0 });
    expect(auth.login('0000')).toEqual({ ok: false, code: 'pin_invalid', retryAfterMs: 2_000 });
    // Too soon: refused without being checked, so even the right PIN waits, and it is not counted.
    expect(auth.login('2468')).toEqual({ ok: false, code: 'pin_wait', retryAfterMs: 2_000 });
    clock.t += 2_000;
    expect(auth.login('0000')).toEqual({ ok: false, code: 'pin_invalid', retryAfterMs: 4_000 });
    // A visitor tapping on keeps the wait short: it never exceeds a minute.
    for (let i = 0; i < 20; i++) {
      clock.t += MAX_DELAY_MS;
      auth.login('0000');
    }
    clock.t += MAX_DELAY_MS - 1;
    expect(auth.login('2468')).toEqual({ ok: false, code: 'pin_wait', retryAfterMs: 1 });
    clock.t += 1;
    expect(auth.login('2468')).toMatchObject({ ok: true });
  });

  it('grows the delay 2 s, 4 s, 8 s … up to 60 s after the free tries', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(delayAfter)).toEqual([0, 0, 0, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
  });

  it('forgets wrong PINs after a quiet quarter of an hour', () => {
    const { auth, clock } = setup();
    for (let i = 0; i < FREE_TRIES + 2; i++) {
      auth.login('1111');
      clock.t += MAX_DELAY_MS;
    }
    clock.t += FORGET_AFTER_MS;
    expect(auth.login('1111')).toEqual({ ok: false, code: 'pin_invalid', retryAfterMs: 0 });
  });

  it('logs every attempt with its outcome, never the PIN', () => {
    const { auth, attempts } = setup();
    for (let i = 0; i < FREE_TRIES + 1; i++) auth.login('9753');
    auth.login('2468');
    auth.login('2468');
    expect(attempts.map((a) => a.outcome)).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'too_soon', 'too_soon']);
    expect(attempts[3]).toEqual({ outcome: 'wrong', wrongInARow: 4, retryAfterMs: 2_000 });
    expect(JSON.stringify(attempts)).not.toMatch(/9753|2468/);
  });

  it('a right PIN resets the count of wrong ones', () => {
    const { auth, clock } = setup();
    for (let i = 0; i < FREE_TRIES; i++) auth.login('1111');
    expect(auth.login('2468')).toMatchObject({ ok: true });
    for (let i = 0; i < FREE_TRIES; i++) expect(auth.login('1111')).toMatchObject({ code: 'pin_invalid', retryAfterMs: 0 });
    clock.t += 1;
  });

  it('ends a session after 12 h without use; use keeps it open', () => {
    const { auth, clock } = setup();
    const a = auth.login('2468');
    const b = auth.login('2468');
    if (!a.ok || !b.ok) throw new Error('login failed');
    clock.t += SESSION_IDLE_MS - 1;
    expect(auth.touch(a.token)).toBe(true);
    // isValid does not extend: b reaches its idle limit now.
    expect(auth.isValid(b.token)).toBe(true);
    clock.t += 1;
    expect(auth.isValid(b.token)).toBe(false);
    expect(auth.touch(b.token)).toBe(false);
    expect(auth.isValid(a.token)).toBe(true);
    clock.t += SESSION_IDLE_MS;
    expect(auth.isValid(a.token)).toBe(false);
  });

  it('logs out one session and keeps at most MAX_SESSIONS', () => {
    const { auth } = setup();
    const tokens: string[] = [];
    for (let i = 0; i <= MAX_SESSIONS; i++) {
      const r = auth.login('2468');
      if (r.ok) tokens.push(r.token);
    }
    expect(auth.isValid(tokens[0])).toBe(false);
    expect(auth.isValid(tokens[1])).toBe(true);
    auth.logout(tokens[1]);
    expect(auth.isValid(tokens[1])).toBe(false);
    expect(auth.isValid(tokens[2])).toBe(true);
  });

  it('refuses a PIN that is not 4 to 8 digits', () => {
    for (const pin of ['123', '123456789', '12a4', '']) expect(() => new StaffAuth(pin)).toThrow(/4 to 8 digits/);
  });

  it('makes unguessable tokens by default', () => {
    const auth = new StaffAuth('2468');
    const a = auth.login('2468');
    const b = auth.login('2468');
    if (!a.ok || !b.ok) throw new Error('login failed');
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
  });
});
