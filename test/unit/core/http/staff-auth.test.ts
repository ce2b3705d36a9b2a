import { describe, expect, it } from 'vitest';
import { LOCKOUT_MS, MAX_SESSIONS, SESSION_IDLE_MS, StaffAuth } from '../../../../src-main/core/http/staff-auth.js';

function setup(pin = '2468') {
  const clock = { t: 1_000_000 };
  let n = 0;
  const auth = new StaffAuth(pin, { now: () => clock.t, newToken: () => `token-${++n}` });
  return { auth, clock };
}

describe('StaffAuth', () => {
  it('opens a session for the right PIN only', () => {
    const { auth } = setup();
    expect(auth.login('2469')).toEqual({ ok: false, code: 'pin_invalid', triesLeft: 4 });
    expect(auth.login('246')).toMatchObject({ ok: false, code: 'pin_invalid' });
    expect(auth.login('24680')).toMatchObject({ ok: false, code: 'pin_invalid' });
    const ok = auth.login('2468');
    expect(ok).toEqual({ ok: true, token: 'token-1' });
    expect(auth.isValid('token-1')).toBe(true);
    expect(auth.isValid('token-2')).toBe(false);
    expect(auth.isValid(undefined)).toBe(false);
  });

  it('locks for 5 minutes after 5 wrong PINs, refusing even the right one', () => {
    const { auth, clock } = setup();
    for (let i = 0; i < 4; i++) expect(auth.login('0000')).toMatchObject({ code: 'pin_invalid', triesLeft: 4 - i });
    expect(auth.login('0000')).toEqual({ ok: false, code: 'pin_locked', retryAfterMs: LOCKOUT_MS });
    clock.t += LOCKOUT_MS - 1000;
    expect(auth.login('2468')).toEqual({ ok: false, code: 'pin_locked', retryAfterMs: 1000 });
    clock.t += 1000;
    expect(auth.login('2468')).toMatchObject({ ok: true });
  });

  it('a right PIN resets the count of wrong ones', () => {
    const { auth } = setup();
    for (let i = 0; i < 4; i++) auth.login('1111');
    expect(auth.login('2468')).toMatchObject({ ok: true });
    expect(auth.login('1111')).toMatchObject({ code: 'pin_invalid', triesLeft: 4 });
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
