// Everyone's flows in the console: sign in (wrong password, lockout explained), the session
// cookie's flags, Origin checks, language, sign out; strict CSP and nothing from elsewhere.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { BACKENDS } from '../../integration/server/helpers/backends.js';
import { addUser, CONSOLE_SCREENSHOTS, PASSWORD_SUFFIX, signIn, useConsole } from './console-harness.js';

describe.each(BACKENDS)('console sessions on %s', (backend) => {
  const ui = useConsole(backend);

  it('serves the console with a strict CSP and loads nothing from elsewhere', async () => {
    const res = await fetch(`${ui.server.url}/console/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const { page, offsite, context } = await ui.open();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    expect(await page.evaluate(() => document.fonts.check('16px "Be Vietnam Pro"', 'Đăng nhập'))).toBe(true);
    expect(offsite).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('explains a wrong password and the lockout, and signs in with an HttpOnly SameSite=Strict cookie', async () => {
    await addUser(ui.server, 'ho_session', 'health_official', { province: 'Hà Nội' });
    const { page, context } = await ui.open();
    await signIn(page, 'ho_session', 'wrong-password-1');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Sai tên đăng nhập hoặc mật khẩu.');
    expect(await page.getByText('Sau 5 lần nhập sai, tài khoản bị khóa 15 phút.').count()).toBe(1);

    await signIn(page, 'ho_session');
    await page.getByRole('heading', { name: 'Xin chào, ho_session' }).waitFor();
    const cookies = await context.cookies();
    const c = cookies.find((k) => k.name === 'bz_session');
    expect(c?.httpOnly).toBe(true);
    expect(c?.sameSite).toBe('Strict');
    expect(c?.path).toBe('/v1');
    expect(await page.evaluate(() => document.cookie)).toBe('');

    // A reload keeps the session (the cookie, not page memory).
    await page.reload();
    await page.getByRole('heading', { name: 'Xin chào, ho_session' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Hello, ho_session' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await context.close();
  });

  it('slows an account down after 5 wrong passwords from one address, and explains it on screen', async () => {
    await addUser(ui.server, 'vm_locked', 'venue_manager', { venueIds: [] });
    const { page, context } = await ui.open();
    for (let i = 0; i < 5; i += 1) {
      await signIn(page, 'vm_locked', `wrong-password-${i}`);
      await page.getByRole('button', { name: 'Đăng nhập' }).and(page.locator(':enabled')).waitFor();
    }
    // Even the right password is now refused from this address, with the same answer as a
    // wrong one (nothing tells a guesser whether the account exists), and the rule is explained.
    await signIn(page, 'vm_locked');
    await page.locator('[data-code="invalid_credentials"]').waitFor();
    expect(await page.locator('[data-code="invalid_credentials"]').textContent()).toContain('15 phút');
    await context.close();
  });

  it('refuses cookie requests that change state without our Origin, and from another site', async () => {
    await addUser(ui.server, 'admin_origin', 'admin');
    const login = await fetch(`${ui.server.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin_origin', password: `admin_origin${PASSWORD_SUFFIX}` }),
    });
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = setCookie.split(';')[0]!;
    const body = JSON.stringify({ name: 'Origin test', kind: 'school', province: 'Hà Nội', district: 'Ba Đình', ward: 'Kim Mã' });
    const headers = { cookie, 'content-type': 'application/json' };
    const noOrigin = await fetch(`${ui.server.url}/v1/venues`, { method: 'POST', headers, body });
    expect(noOrigin.status).toBe(403);
    expect(((await noOrigin.json()) as { error: { code: string } }).error.code).toBe('origin_mismatch');
    const otherSite = await fetch(`${ui.server.url}/v1/venues`, { method: 'POST', headers: { ...headers, origin: 'http://evil.example' }, body });
    expect(otherSite.status).toBe(403);
    const before = await ui.server.app.services.venues.list({});
    expect(before.some((v) => v.name === 'Origin test')).toBe(false);
    const ours = await fetch(`${ui.server.url}/v1/venues`, { method: 'POST', headers: { ...headers, origin: ui.server.url }, body });
    expect(ours.status).toBe(201);
    // Reads with the cookie need no Origin: a plain link (CSV download) works.
    const read = await fetch(`${ui.server.url}/v1/auth/me`, { headers: { cookie } });
    expect(read.status).toBe(200);
  });

  it('signs out: back to the sign-in screen, and the old cookie no longer works', async () => {
    await addUser(ui.server, 'ict_out', 'ict_officer', { province: 'Hà Nội' });
    const { page, context } = await ui.open({ width: 390, height: 844 });
    await signIn(page, 'ict_out');
    await page.getByRole('heading', { name: 'Xin chào, ict_out' }).waitFor();
    await page.screenshot({ path: join(CONSOLE_SCREENSHOTS, `home-ict-390x844-${backend}.png`) });
    const old = (await context.cookies()).find((k) => k.name === 'bz_session')!.value;
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    const res = await fetch(`${ui.server.url}/v1/auth/me`, { headers: { cookie: `bz_session=${old}` } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('session_expired');
    await context.close();
  });
});
