// The visitor screen in real Chromium against the hand-written fake core (fake-core-server),
// for what the real core cannot be made to do on demand: push a presence count or a status
// the test chooses, refuse the live stream so the screen falls back to polling, and report
// the radio off. Every main flow of the visitor (QR code, live count, the four steps in the
// bundled font, English and back, check-in, layout at every size, CSP) runs on the real core
// in real-core.test.ts and kiosk-screens.test.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { join } from 'node:path';
import { SCREENSHOT_DIR, useBuiltUi } from './browser.js';
import { sampleStatus, startFakeCore } from './fake-core-server.js';

const ui = useBuiltUi((dir) => startFakeCore(dir), (core) => core.close());

beforeEach(() => {
  ui.core.status = sampleStatus();
  ui.core.eventsAvailable = true;
});

async function openVisitor(width: number, height: number): Promise<Page> {
  const page = await ui.browser.newPage({ viewport: { width, height } });
  await page.goto(`${ui.core.url}/`);
  await page.getByTestId('here-now-count').waitFor();
  await page.evaluate(() => document.fonts.ready);
  return page;
}

describe('visitor screen', () => {
  it('updates the live count on an SSE presence event', async () => {
    const page = await openVisitor(800, 480);
    await expect.poll(() => page.getByTestId('here-now-count').textContent()).toBe('3');
    await expect.poll(() => ui.core.openStreams()).toBeGreaterThan(0);
    ui.core.push({ type: 'presence', here_now: { bluezone: 17, bluezone_android: 10, bluezone_ios: 7, gaen: 1 }, at: Date.now() + 1000 });
    await expect.poll(() => page.getByTestId('here-now-count').textContent()).toBe('17');
    await page.close();
  });

  it('falls back to polling /api/status when the live stream is refused', async () => {
    ui.core.eventsAvailable = false;
    const page = await openVisitor(800, 480);
    await expect.poll(() => page.locator('.here-now').getAttribute('data-connection')).toBe('polling');
    ui.core.status = sampleStatus({ here_now: { bluezone: 9, bluezone_android: 5, bluezone_ios: 4, gaen: 0 }, now: Date.now() + 1000 });
    await expect.poll(() => page.getByTestId('here-now-count').textContent(), { timeout: 15_000 }).toBe('9');
    // The stream comes back: the screen goes live again without a reload.
    ui.core.eventsAvailable = true;
    await expect
      .poll(() => page.locator('.here-now').getAttribute('data-connection'), { timeout: 15_000 })
      .toBe('live');
    await page.close();
  });

  it('says the kiosk is not recording instead of showing a count while the radio is off', async () => {
    ui.core.status = sampleStatus({ radio_state: 'powered_off' });
    const page = await ui.browser.newPage({ viewport: { width: 800, height: 480 } });
    await page.goto(`${ui.core.url}/`);
    const paused = page.getByTestId('here-now-paused');
    await paused.waitFor();
    expect(await paused.textContent()).toContain('Kiosk đang tạm dừng ghi nhận');
    expect(await page.getByTestId('here-now-count').count()).toBe(0);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'visitor-paused-800x480.png') });
    await expect.poll(() => ui.core.openStreams()).toBeGreaterThan(0);
    ui.core.push({ type: 'status', status: sampleStatus({ radio_state: 'scanning', now: Date.now() + 1000 }) });
    await page.getByTestId('here-now-count').waitFor();
    await page.close();
  });
});
