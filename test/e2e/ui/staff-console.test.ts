// The staff console (#/staff) in real Chromium against the hand-written fake core, for what
// the real core cannot be made to produce on demand: counts the test chooses, a tally the
// core fails to store, the radio off, and a health authority's exposure notice with its
// acknowledgement (those come from a key server). The receptionist's main flows run on the
// real core: PIN and lock in staff-pin.test.ts, tallies up and down and the way in and out
// in real-core.test.ts, alerts, counts, idle lock and layout in kiosk-screens.test.ts, the
// distance calibration in calibration-wizard.test.ts.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { join } from 'node:path';
import { SCREENSHOT_DIR, useBuiltUi } from './browser.js';
import { sampleStatus, startFakeCore } from './fake-core-server.js';

const ui = useBuiltUi((dir) => startFakeCore(dir), (core) => core.close());

const now = Date.now();
const withAlerts = () =>
  sampleStatus({
    radio_state: 'powered_off',
    clock_synced: false,
    upload: { enrolled: true, queue_depth: 5, last_success_at: now - 3_600_000, last_error: 'server_unreachable' },
    alerts: [
      { code: 'radio_down', since: now - 600_000 },
      { code: 'clock_unsynced', since: now - 900_000 },
      {
        code: 'exposure_notice',
        since: now - 60_000,
        // 02:00–03:30 UTC is 09:00–10:30 in Vietnam.
        notice: { id: 'n-1', first_slot: Date.UTC(2026, 10, 20, 2) / 900_000, last_slot: Date.UTC(2026, 10, 20, 3, 15) / 900_000, message_vi: 'vi', message_en: 'en', acknowledged_at: null },
      },
    ],
  });

async function openStaff(width: number, height: number): Promise<Page> {
  const page = await ui.browser.newPage({ viewport: { width, height } });
  await page.goto(`${ui.core.url}/#/staff`);
  await page.getByTestId('staff-here-now').waitFor();
  await page.evaluate(() => document.fonts.ready);
  return page;
}

describe('staff console', () => {
  it('shows here-now, slot and today counts', async () => {
    ui.core.status = sampleStatus();
    const page = await openStaff(800, 480);
    expect(await page.getByTestId('staff-here-now').textContent()).toBe('3');
    expect(await page.getByTestId('staff-slot-devices').textContent()).toBe('7');
    expect(await page.getByTestId('staff-today-devices').textContent()).toBe('42');
    await page.close();
  });

  it('tells staff when a tally was not saved, keeping the shown count', async () => {
    ui.core.status = sampleStatus();
    ui.core.tallyFails = true;
    try {
      const page = await openStaff(800, 480);
      await page.getByRole('button', { name: 'Thêm một: Khách không có ứng dụng' }).click();
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toBe('Không lưu được số đếm, hãy thử lại.');
      expect(await page.getByTestId('tally-no_app').textContent()).toBe('4');
      await page.close();
    } finally {
      ui.core.tallyFails = false;
    }
  });

  it('lists alerts in Vietnamese with English beneath', async () => {
    ui.core.status = withAlerts();
    const page = await openStaff(800, 480);
    const radio = page.locator('[data-alert="radio_down"]');
    expect(await radio.textContent()).toContain('Bluetooth của kiosk không hoạt động');
    expect(await radio.textContent()).toContain('The kiosk’s Bluetooth is not working');
    const notice = page.locator('[data-alert="exposure_notice"]');
    expect(await notice.textContent()).toContain('20/11/2026 09:00–10:30 (giờ Việt Nam)');
    expect(await notice.textContent()).toContain('20/11/2026 09:00–10:30 (Vietnam time)');
    expect(await notice.textContent()).toContain('Việc cần làm');
    expect(await notice.textContent()).toContain('What to do');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'staff-alerts-800x480.png'), fullPage: true });
    await page.getByTestId('tab-kiosk').click();
    expect(await page.getByTestId('upload-queue').textContent()).toBe('Đang chờ gửi: 5 gói');
    await page.close();
  });

  it('sends staff’s acknowledgement of a venue notice to the core and shows when it was made', async () => {
    ui.core.status = withAlerts();
    const page = await openStaff(800, 480);
    await page.getByRole('button', { name: /Đã nhận thông báo/ }).click();
    await expect.poll(() => ui.core.requests.includes('POST /api/notices/n-1/ack')).toBe(true);
    await page.locator('[data-notice-acked]').waitFor();
    expect(await page.locator('[data-notice-acked]').textContent()).toMatch(/Đã xác nhận lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await page.close();
  });

  for (const [width, height] of [
    [800, 480],
    [1920, 1080],
  ] as const) {
    it(`renders at ${width}x${height} (screenshot)`, async () => {
      ui.core.status = withAlerts();
      const page = await openStaff(width, height);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `staff-${width}x${height}.png`) });
      await page.close();
    });
  }
});
