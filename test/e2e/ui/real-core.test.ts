// The built UI served by the real kiosk core with its simulated radio: the contract
// between renderer and core, exercised end to end.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { CoreStatus } from '../../../shared/api/core-api.js';
import { decodeQrCanvas, SCREENSHOT_DIR, useBuiltUi } from './browser.js';
import { startRealCore } from './real-core.js';

const INSTALL_URL = 'https://www.bluezone.gov.vn/?src=kiosk-e2e';
const ui = useBuiltUi((dir) =>
  startRealCore(dir, {
    BZ_SIM_SEED: '7',
    BZ_SIM_PRESENT: '6',
    BZ_INSTALL_URL: INSTALL_URL,
    BZ_VENUE_NAME: 'Chợ Đồng Xuân',
  }), (core) => core.stop());

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

  it('records a tally through the staff console', async () => {
    const before = (await coreStatus()).tallies_today.helped_install;
    const page = await ui.browser.newPage({ viewport: { width: 800, height: 480 } });
    await page.goto(`${ui.core.url}/#/staff`);
    await page.getByTestId('tab-today').click();
    await page.getByRole('button', { name: 'Thêm một: Đã giúp cài Bluezone' }).click();
    await expect.poll(() => page.getByTestId('tally-helped_install').textContent()).toBe(String(before + 1));
    expect((await coreStatus()).tallies_today.helped_install).toBe(before + 1);
    await page.close();
  });
});
