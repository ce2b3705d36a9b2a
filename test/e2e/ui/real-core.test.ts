// The built UI served by the real kiosk core with its simulated radio: the contract
// between renderer and core, exercised end to end, under the core's own CSP and Host check.
// The visitor's flows (QR code, live count, the four steps in the bundled font, English and
// back, nothing fetched from elsewhere) and the receptionist's (into the console and back,
// tallies up and down). Check-in, alerts, PIN, idle reset and layout at every size are in
// kiosk-screens.test.ts, the calibration wizard in calibration-wizard.test.ts.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright';
import type { CoreStatus } from '../../../shared/api/core-api.js';
import { decodeQrCanvas, SCREENSHOT_DIR, useBuiltUi } from './browser.js';
import { startRealCore } from './real-core.js';
import { layoutProblems } from './layout-check.js';
import { KIOSK_SIZES } from './kiosk-sizes.js';

const INSTALL_URL = 'https://www.bluezone.gov.vn/?src=kiosk-e2e';
const ui = useBuiltUi((dir) =>
  startRealCore(dir, {
    BZ_SIM_SEED: '7',
    BZ_SIM_PRESENT: '6',
    BZ_INSTALL_URL: INSTALL_URL,
    BZ_VENUE_NAME: 'Chợ Đồng Xuân',
    // No check-ins: the "Đã ghi nhận" overlay covers the steps by design and would turn up
    // mid-check at random (kiosk-screens.test.ts lays the overlay out).
    BZ_SIM_CHECKIN_SHARE: '0',
  }), (core) => core.stop());

/**
 * Opens the visitor screen, collecting requests that leave the kiosk and every CSP
 * violation the page reports (`cspViolations`).
 */
async function openVisitor(width: number, height: number): Promise<{ page: Page; offOrigin: string[]; requests: string[] }> {
  const page = await ui.browser.newPage({ viewport: { width, height } });
  const offOrigin: string[] = [];
  const requests: string[] = [];
  page.on('request', (req) => {
    requests.push(req.url());
    if (!req.url().startsWith(ui.core.url) && !req.url().startsWith('data:')) offOrigin.push(req.url());
  });
  await page.addInitScript(() => {
    (window as unknown as { cspViolations: string[] }).cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(ui.core.url);
  await page.getByTestId('here-now-count').waitFor();
  await page.evaluate(() => document.fonts.ready);
  return { page, offOrigin, requests };
}

const cspViolations = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

async function coreStatus(): Promise<CoreStatus> {
  const res = await fetch(`${ui.core.url}/api/status`);
  return (await res.json()) as CoreStatus;
}

describe('UI on the real kiosk core', () => {
  it('shows the configured install URL as a QR code, the venue, and a live count that follows the core', async () => {
    const page = await ui.browser.newPage({ viewport: { width: 800, height: 480 } });
    await page.goto(ui.core.url);
    await page.getByTestId('here-now-count').waitFor();
    await expect.poll(() => page.locator('.here-now').getAttribute('data-connection'), { timeout: 10_000 }).toBe('live');
    expect(await page.locator('.venue-name').textContent()).toBe('Chợ Đồng Xuân');
    expect(await decodeQrCanvas(page)).toBe(INSTALL_URL);
    // The simulated venue changes every second: the screen must catch up with the ui.core.
    await expect
      .poll(
        async () => {
          const [shown, status] = await Promise.all([page.getByTestId('here-now-count').textContent(), coreStatus()]);
          return Number(shown) === status.here_now.bluezone && status.here_now.bluezone > 0;
        },
        { timeout: 20_000, interval: 300 },
      )
      .toBe(true);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'visitor-real-core-800x480.png') });
    await page.close();
  });

  it('shows the four Vietnamese steps in the bundled Be Vietnam Pro font, fetched from the kiosk only', async () => {
    const { page, offOrigin, requests } = await openVisitor(800, 480);
    const steps = await page.locator('.step-title').allTextContents();
    expect(steps).toEqual(['Tải Bluezone', 'Bật Bluetooth, cấp quyền cho Bluezone', 'Luôn giữ ứng dụng chạy', 'Đưa điện thoại sát kiosk']);
    const font = await page.evaluate(async () => {
      await document.fonts.load('600 20px "Be Vietnam Pro"', 'Đã ghi nhận ứng dụng');
      const faces = [...document.fonts].filter((f) => f.family.replace(/["']/g, '') === 'Be Vietnam Pro');
      return {
        check: document.fonts.check('600 20px "Be Vietnam Pro"', 'Luôn giữ ứng dụng chạy'),
        loaded: faces.filter((f) => f.status === 'loaded').map((f) => `${f.weight}/${/1ea0/i.test(f.unicodeRange) ? 'vi' : 'other'}`),
        computed: getComputedStyle(document.querySelector('.step-title')!).fontFamily,
      };
    });
    expect(font.check).toBe(true);
    expect(font.loaded).toContain('600/vi');
    expect(font.computed).toContain('Be Vietnam Pro');
    expect(requests.filter((r) => r.includes('be-vietnam-pro-vietnamese')).length).toBeGreaterThan(0);
    expect(offOrigin, 'the kiosk is offline: nothing may load from elsewhere').toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    await page.close();
  });

  it('switches the visitor screen to English and back, laid out at every size in both languages', async () => {
    const { page } = await openVisitor(800, 480);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('.step-title').first().textContent()).toBe('Download Bluezone');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByTestId('step-4').textContent()).toContain('Hold your phone to the kiosk');
    for (const [width, height] of KIOSK_SIZES) {
      await page.setViewportSize({ width, height });
      const size = `${width}x${height}`;
      expect({ size, problems: await layoutProblems(page) }).toEqual({ size, problems: [] });
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'kiosk', `visitor-en-${size}.png`) });
    }
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    expect(await page.locator('.step-title').first().textContent()).toBe('Tải Bluezone');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    expect(await cspViolations(page)).toEqual([]);
    await page.close();
  });

  it('takes the receptionist from the visitor screen to the console and back', async () => {
    const { page } = await openVisitor(800, 480);
    await page.getByRole('link', { name: 'Nhân viên' }).click();
    await page.getByTestId('staff-here-now').waitFor();
    await page.getByRole('link', { name: /Về màn hình khách/ }).click();
    await page.getByTestId('here-now-count').waitFor();
    expect(await cspViolations(page)).toEqual([]);
    await page.close();
  });

  it('records tallies up and down through the staff console', async () => {
    const before = (await coreStatus()).tallies_today;
    const page = await ui.browser.newPage({ viewport: { width: 800, height: 480 } });
    await page.goto(`${ui.core.url}/#/staff`);
    await page.getByTestId('tab-today').click();
    await page.getByRole('button', { name: 'Thêm một: Đã giúp cài Bluezone' }).click();
    await expect.poll(() => page.getByTestId('tally-helped_install').textContent()).toBe(String(before.helped_install + 1));
    expect((await coreStatus()).tallies_today.helped_install).toBe(before.helped_install + 1);
    await page.getByRole('button', { name: 'Thêm một: Khách không có ứng dụng' }).click();
    await page.getByRole('button', { name: 'Thêm một: Khách không có ứng dụng' }).click();
    await expect.poll(() => page.getByTestId('tally-no_app').textContent()).toBe(String(before.no_app + 2));
    await page.getByRole('button', { name: 'Bớt một: Khách không có ứng dụng' }).click();
    await expect.poll(() => page.getByTestId('tally-no_app').textContent()).toBe(String(before.no_app + 1));
    expect((await coreStatus()).tallies_today).toMatchObject({ no_app: before.no_app + 1, helped_install: before.helped_install + 1 });
    await page.close();
  });
});
