// The staff PIN in real Chromium against the real kiosk core started with BZ_STAFF_PIN:
// the pad, the HttpOnly session cookie, redaction for visitors, logout and lockout.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { join } from 'node:path';
import type { CoreStatus } from '../../../shared/api/core-api.js';
import { SCREENSHOT_DIR, useBuiltUi } from './browser.js';
import { startRealCore } from './real-core.js';

const PIN = '482915';
const ui = useBuiltUi((dir) => startRealCore(dir, { BZ_SIM_SEED: '3', BZ_SIM_PRESENT: '4', BZ_STAFF_PIN: PIN }), (core) => core.stop());

async function publicStatus(): Promise<CoreStatus> {
  return (await (await fetch(`${ui.core.url}/api/status`)).json()) as CoreStatus;
}

async function tapPin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByRole('button', { name: digit, exact: true }).click();
  await page.getByRole('button', { name: 'OK', exact: true }).click();
}

async function openStaff(): Promise<Page> {
  const page = await ui.browser.newPage({ viewport: { width: 800, height: 480 } });
  await page.goto(`${ui.core.url}/#/staff`);
  await page.getByRole('button', { name: 'OK', exact: true }).waitFor();
  await page.evaluate(() => document.fonts.ready);
  return page;
}

describe('staff PIN on the real kiosk core', () => {
  it('keeps the console and tallies behind the PIN for visitors', async () => {
    const status = await publicStatus();
    expect(status.staff).toEqual({ pin_required: true, authenticated: false });
    expect(status.alerts).toEqual([]);
    const res = await fetch(`${ui.core.url}/api/tally`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'no_app', delta: 1 }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('staff_session_required');

    const page = await openStaff();
    expect(await page.getByTestId('staff-here-now').count()).toBe(0);
    expect(await page.locator('.pin-panel').textContent()).toContain('Nhập mã PIN nhân viên');
    expect(await page.locator('.pin-panel').textContent()).toContain('Enter the staff PIN');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'staff-pin-800x480.png') });
    await page.close();
  });

  it('says a wrong PIN is wrong, and opens the console for the right one; a tally is recorded', async () => {
    const before = (await publicStatus()).tallies_today.no_app;
    const page = await openStaff();
    await tapPin(page, '1111');
    await page.getByTestId('pin-error').waitFor();
    expect(await page.getByTestId('pin-error').textContent()).toContain('Sai mã PIN, hãy thử lại.');
    await tapPin(page, PIN);
    await page.getByTestId('staff-here-now').waitFor();
    // The session cookie is HttpOnly: the page's scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await page.getByTestId('tab-today').click();
    await page.getByRole('button', { name: 'Thêm một: Khách không có ứng dụng' }).click();
    await expect.poll(() => page.getByTestId('tally-no_app').textContent()).toBe(String(before + 1));
    expect((await publicStatus()).tallies_today.no_app).toBe(before + 1);

    // Lock: back to the pad, and the old session no longer writes.
    await page.getByRole('button', { name: /Khoá/ }).click();
    await page.getByRole('button', { name: 'OK', exact: true }).waitFor();
    const after = await page.evaluate(async () => (await fetch('/api/tally', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'no_app', delta: 1 }),
    })).status);
    expect(after).toBe(401);
    await page.close();
  });

  it('makes the pad wait after several wrong PINs instead of locking staff out', async () => {
    const page = await openStaff();
    for (let i = 0; i < 4; i++) {
      await tapPin(page, '0000');
      await page.getByTestId('pin-error').waitFor();
    }
    await tapPin(page, PIN);
    await expect.poll(() => page.getByTestId('pin-error').textContent()).toContain('hãy đợi vài giây');
    expect(await page.getByTestId('staff-here-now').count()).toBe(0);
    // The wait after four wrong PINs is 2 s; then the right PIN opens the console.
    await page.waitForTimeout(2_100);
    await tapPin(page, PIN);
    await page.getByTestId('staff-here-now').waitFor();
    await page.close();
  });
});
