// The distance calibration wizard on the staff console, driven in Chromium against the real
// kiosk core (CSP, Host check, PIN cookie) with the simulated radio. The simulated venue
// has a member of staff with a phone who answers the wizard (BZ_SIM_STAFF_PHONE): one who
// carries it to 2 m and then 4.5 m, one who forgets to step back, and nobody at all. Each
// point is measured for 15 s (BZ_CALIBRATION_SECONDS) so the three flows run side by side.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { join } from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright';
import type { CalibrationStatus, CoreStatus } from '../../../shared/api/core-api.js';
import { formatClock } from '../../../src-renderer/i18n/format-time.js';
import { buildRenderer, launchChromium, SCREENSHOT_DIR } from './browser.js';
import { startRealCore, type RealCore } from './real-core.js';
import { layoutProblems } from './layout-check.js';
import { seriousAxeViolations } from './axe-check.js';
import { KIOSK_SIZES } from './kiosk-sizes.js';

const PIN = '5173';
const SHOTS = join(SCREENSHOT_DIR, 'kiosk');
const QUIET_VENUE = { BZ_SIM_PRESENT: '0', BZ_CALIBRATION_SECONDS: '15', BZ_STAFF_PIN: PIN };

let uiDir = '';
let browser: Browser;
/** Staff carry the phone where the wizard asks. */
let follows: RealCore;
/** Staff stay at 2 m for both points. */
let stays: RealCore;
/** Nobody holds a phone: the kiosk hears nothing. */
let nobody: RealCore;

beforeAll(async () => {
  uiDir = await buildRenderer();
  [follows, stays, nobody] = await Promise.all([
    startRealCore(uiDir, { ...QUIET_VENUE, BZ_SIM_SEED: '21', BZ_SIM_STAFF_PHONE: 'follows' }),
    startRealCore(uiDir, { ...QUIET_VENUE, BZ_SIM_SEED: '22', BZ_SIM_STAFF_PHONE: 'stays' }),
    startRealCore(uiDir, { ...QUIET_VENUE, BZ_SIM_SEED: '23' }),
  ]);
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([follows?.stop(), stays?.stop(), nobody?.stop()]);
  if (uiDir) await rm(uiDir, { recursive: true, force: true });
});

/** Opens the staff console, unlocks it with the PIN and waits for the status strip. */
async function openStaff(core: RealCore, width = 800, height = 480, installClock = false): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  if (installClock) await page.clock.install();
  await page.goto(`${core.url}/#/staff`);
  for (const d of PIN) await page.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'OK', exact: true }).click();
  await page.getByTestId('staff-here-now').waitFor();
  return page;
}

/** The API as the page sees it: same origin, with the page's HttpOnly session cookie. */
async function api<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => (await fetch(p)).json(), path) as Promise<T>;
}

const step = (page: Page) => page.getByTestId('calibration-step').getAttribute('data-step');

describe('distance calibration wizard on the real core', () => {
  describe.concurrent('flows', () => {
    it('is reached from the "not calibrated" alert, measures 2 m then 4.5 m, applies, and the alert goes', async ({ expect }) => {
      const page = await openStaff(follows);
      // Alerts come first: the "not calibrated" one points to the wizard.
      const alert = page.locator('[data-alert="distance_uncalibrated"]');
      await alert.waitFor();
      expect(await page.getByTestId('alert-action-distance_uncalibrated').textContent()).toContain('tab Khoảng cách');
      await alert.getByTestId('open-calibration').click();
      expect(await page.getByTestId('tab-distance').getAttribute('aria-selected')).toBe('true');
      expect(await step(page)).toBe('near');
      expect(await page.getByTestId('threshold-source').textContent()).toContain('chưa hiệu chuẩn');
      expect(await page.getByTestId('calibration-current').getAttribute('data-source')).toBe('default');
      expect(await page.getByTestId('calibration-step').textContent()).toContain('cách kiosk 2 m');
      expect(await page.getByTestId('calibration-step').textContent()).toContain('2 m from the kiosk');

      // Cancel: the measurement stops and nothing is kept.
      await page.getByRole('button', { name: 'Bắt đầu đo' }).click();
      await page.getByTestId('calibration-progress').waitFor();
      await page.getByRole('button', { name: 'Huỷ đo' }).click();
      await expect.poll(() => page.getByTestId('calibration-note').textContent()).toContain('Đã huỷ lần đo');
      expect(await step(page)).toBe('near');
      expect(await api<CalibrationStatus>(page, '/api/calibration')).toMatchObject({ measuring: null, points: {} });

      // Position 1 (2 m): progress shows the receptions and the running median.
      await page.getByRole('button', { name: 'Bắt đầu đo' }).click();
      await page.getByTestId('calibration-progress').waitFor();
      expect(await page.getByTestId('calibration-progress').textContent()).toMatch(/Đang đo ở 2 m, còn \d+ giây/);
      await expect.poll(async () => Number(await page.getByTestId('calibration-samples').getAttribute('data-samples')), { timeout: 10_000 }).toBeGreaterThan(3);
      const running = Number(await page.getByTestId('calibration-median').getAttribute('data-median'));
      expect(running).toBeGreaterThan(-90);
      expect(running).toBeLessThan(-50);
      expect(await page.getByTestId('calibration-median').textContent()).toMatch(/Trung vị đến lúc này: -\d+ dBm/);
      // Measuring at 800x480: the progress and the cancel button are in sight.
      expect(await layoutProblems(page)).toEqual([]);
      const cancelBox = await page.getByRole('button', { name: 'Huỷ đo' }).boundingBox();
      expect(cancelBox!.y + cancelBox!.height).toBeLessThanOrEqual(480);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'staff-distance-measuring-800x480.png') });

      // Position 2 (4.5 m), then the result: the two medians as near / mid thresholds.
      await expect.poll(() => step(page), { timeout: 25_000 }).toBe('far');
      expect(await page.getByTestId('calibration-point-near').textContent()).toMatch(/^2 m: -\d+ dBm \(\d+ lần nghe\)$/);
      await page.getByRole('button', { name: 'Bắt đầu đo' }).click();
      await expect.poll(() => step(page), { timeout: 25_000 }).toBe('apply');
      const points = (await api<CalibrationStatus>(page, '/api/calibration')).points;
      expect(points.near!.samples).toBeGreaterThanOrEqual(20);
      expect(points.near!.median_rssi - points.far!.median_rssi).toBeGreaterThanOrEqual(3);
      expect(await page.getByTestId('calibration-result').textContent()).toContain(`Ngưỡng mới: gần từ ${points.near!.median_rssi} dBm, vừa từ ${points.far!.median_rssi} dBm`);

      await page.getByRole('button', { name: 'Áp dụng', exact: true }).click();
      await expect.poll(() => page.getByTestId('calibration-note').textContent()).toContain('Đã áp dụng và lưu ngưỡng mới.');
      const applied = await api<CalibrationStatus>(page, '/api/calibration');
      expect(applied).toMatchObject({ calibrated: true, source: 'calibration', near_min_rssi: points.near!.median_rssi, mid_min_rssi: points.far!.median_rssi });
      expect(await page.getByTestId('threshold-near').textContent()).toBe(`Gần (trong 2 m): từ ${points.near!.median_rssi} dBm`);
      expect(await page.getByTestId('threshold-mid').textContent()).toBe(`Vừa (trong 5 m): từ ${points.far!.median_rssi} dBm`);
      expect(await page.getByTestId('threshold-checkin').textContent()).toBe(`Ghi nhận (sát kiosk): từ ${applied.check_in_min_rssi} dBm`);
      // When, in the venue's local time.
      expect(await page.getByTestId('threshold-source').textContent()).toBe(`Nguồn: hiệu chuẩn tại chỗ lúc ${formatClock(applied.calibrated_at!, 'Asia/Ho_Chi_Minh')}`);
      // The alert is gone, on the console and in the core's status.
      await expect.poll(() => page.getByTestId('tab-alerts').textContent()).toBe('Cảnh báo (0)');
      expect((await api<CoreStatus>(page, '/api/status')).alerts.map((a) => a.code)).not.toContain('distance_uncalibrated');
      // In English too, Vietnamese beneath.
      await page.getByRole('button', { name: 'English' }).click();
      expect(await page.getByTestId('threshold-near').textContent()).toBe(`Near (within 2 m): ${points.near!.median_rssi} dBm or stronger`);
      expect(await page.getByTestId('calibration-note').textContent()).toContain('The new thresholds are applied and saved.Đã áp dụng');
      await page.close();
    });

    it('says the two positions read the same when staff did not step back, and keeps the old thresholds', async ({ expect }) => {
      const page = await openStaff(stays);
      await page.getByTestId('tab-distance').click();
      await page.getByRole('button', { name: 'Bắt đầu đo' }).click();
      await expect.poll(() => step(page), { timeout: 25_000 }).toBe('far');
      await page.getByRole('button', { name: 'Bắt đầu đo' }).click();
      await expect.poll(() => step(page), { timeout: 25_000 }).toBe('apply');
      await page.getByRole('button', { name: 'Áp dụng', exact: true }).click();
      const note = page.getByTestId('calibration-note');
      await expect.poll(() => note.textContent()).toContain('Hai vị trí cho kết quả gần như nhau');
      expect(await note.getAttribute('role')).toBe('alert');
      expect(await note.textContent()).toContain('The two positions read almost the same');
      // Staff can measure either point again from here; nothing was applied.
      expect(await page.getByRole('button', { name: 'Đo lại 4,5 m' }).isEnabled()).toBe(true);
      expect(await api<CalibrationStatus>(page, '/api/calibration')).toMatchObject({ calibrated: false, source: 'default' });
      expect(await page.getByTestId('tab-alerts').textContent()).toBe('Cảnh báo (1)');
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'staff-distance-too-close-800x480.png') });
      await page.close();
    });

    it('says when no phone was heard, and holds the idle lock off only while measuring', async ({ expect }) => {
      const page = await openStaff(nobody, 800, 480, true);
      await page.getByTestId('tab-distance').click();
      await page.getByRole('button', { name: 'Bắt đầu đo' }).click();
      await page.getByTestId('calibration-progress').waitFor();
      expect(await page.getByTestId('calibration-median').textContent()).toBe('Chưa nghe thấy điện thoại nào');
      // Staff are away from the screen while it measures: a quiet minute does not lock it.
      await page.clock.fastForward(70_000);
      expect(page.url()).toContain('#/staff');
      const note = page.getByTestId('calibration-note');
      await expect.poll(() => note.textContent(), { timeout: 25_000 }).toContain('Kiosk không nghe đủ tín hiệu điện thoại');
      expect(await note.textContent()).toContain('The kiosk did not hear the phone often enough');
      expect(await step(page)).toBe('near');
      expect(await api<CalibrationStatus>(page, '/api/calibration')).toMatchObject({ measuring: null, points: {}, last_error: 'too_few_samples' });
      // Measuring over, the quiet minute locks the console again.
      await page.clock.fastForward(61_000);
      await expect.poll(() => page.url()).not.toContain('#/staff');
      await page.close();
    });
  });

  it('fits every screen size with the step, its button and the thresholds in sight; no serious axe violation', async ({ expect }) => {
    const page = await openStaff(nobody);
    await page.getByTestId('tab-distance').click();
    await page.getByTestId('calibration-current').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    for (const [width, height] of KIOSK_SIZES) {
      await page.setViewportSize({ width, height });
      const size = `${width}x${height}`;
      expect({ size, problems: await layoutProblems(page) }).toEqual({ size, problems: [] });
      for (const what of [page.getByRole('button', { name: 'Bắt đầu đo' }), page.getByTestId('tab-distance')]) {
        const box = await what.boundingBox();
        expect(box!.y + box!.height, size).toBeLessThanOrEqual(height);
      }
      await page.screenshot({ path: join(SHOTS, `staff-distance-${size}.png`) });
    }
    await page.close();
  });
});
