// The visitor screen in real Chromium, against the core's HTTP contract (fake-core-server).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { join } from 'node:path';
import { decodeQrCanvas, SCREENSHOT_DIR, useBuiltUi } from './browser.js';
import { sampleStatus, startFakeCore } from './fake-core-server.js';

const ui = useBuiltUi((dir) => startFakeCore(dir), (core) => core.close());

beforeEach(() => {
  ui.core.status = sampleStatus();
  ui.core.eventsAvailable = true;
});

async function openVisitor(width: number, height: number): Promise<Page> {
  const page = await ui.browser.newPage({ viewport: { width, height } });
  const offOrigin: string[] = [];
  page.on('request', (req) => {
    if (!req.url().startsWith(ui.core.url) && !req.url().startsWith('data:')) offOrigin.push(req.url());
  });
  // Every Content-Security-Policy violation is collected: the CSP in index.html must hold.
  await page.addInitScript(() => {
    (window as unknown as { cspViolations: string[] }).cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(`${ui.core.url}/`);
  await page.getByTestId('here-now-count').waitFor();
  await page.evaluate(() => document.fonts.ready);
  expect(offOrigin, 'the kiosk is offline: nothing may load from elsewhere').toEqual([]);
  return page;
}

/** Elements of the visitor screen that stick out of the viewport (runs in the page). */
function findOverflow(): string[] {
  const out: string[] = [];
  for (const el of document.querySelectorAll('.visitor *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > window.innerWidth + 0.5 || r.bottom > window.innerHeight + 0.5)) {
      out.push(String(el.className || el.tagName));
    }
  }
  return out;
}

describe('visitor screen', () => {
  it('shows a QR code that decodes to the install URL from /api/status', async () => {
    ui.core.status = sampleStatus({ install_url: 'https://www.bluezone.gov.vn/tai-ve?venue=BX-MD' });
    const page = await openVisitor(800, 480);
    await expect.poll(() => decodeQrCanvas(page)).toBe('https://www.bluezone.gov.vn/tai-ve?venue=BX-MD');
    await page.close();
  });

  it('shows the four Vietnamese steps in the bundled Be Vietnam Pro font', async () => {
    const page = await openVisitor(800, 480);
    const steps = await page.locator('.step-title').allTextContents();
    expect(steps).toEqual(['Tải Bluezone', 'Bật Bluetooth, cấp quyền cho Bluezone', 'Luôn giữ ứng dụng chạy', 'Đưa điện thoại sát kiosk']);
    const font = await page.evaluate(async () => {
      await document.fonts.load('600 20px "Be Vietnam Pro"', 'Đã ghi nhận ứng dụng');
      const faces = [...document.fonts].filter((f) => f.family.replace(/["']/g, '') === 'Be Vietnam Pro');
      return {
        check: document.fonts.check('600 20px "Be Vietnam Pro"', 'Luôn giữ ứng dụng chạy'),
        loaded: faces
          .filter((f) => f.status === 'loaded')
          .map((f) => `${f.weight}/${/1ea0/i.test(f.unicodeRange) ? 'vi' : 'other'}`),
        computed: getComputedStyle(document.querySelector('.step-title')!).fontFamily,
      };
    });
    expect(font.check).toBe(true);
    expect(font.loaded).toContain('600/vi');
    expect(font.computed).toContain('Be Vietnam Pro');
    const fontRequests = ui.core.requests.filter((r) => r.includes('be-vietnam-pro-vietnamese'));
    expect(fontRequests.length).toBeGreaterThan(0);
    await page.close();
  });

  it('updates the live count on an SSE presence event', async () => {
    const page = await openVisitor(800, 480);
    await expect.poll(() => page.getByTestId('here-now-count').textContent()).toBe('3');
    await expect.poll(() => ui.core.openStreams()).toBeGreaterThan(0);
    ui.core.push({ type: 'presence', here_now: { bluezone: 17, bluezone_android: 10, bluezone_ios: 7, gaen: 1 }, at: Date.now() + 1000 });
    await expect.poll(() => page.getByTestId('here-now-count').textContent()).toBe('17');
    await page.close();
  });

  it('shows "Đã ghi nhận" on a checkin event, then returns to the install screen', async () => {
    const page = await openVisitor(800, 480);
    await expect.poll(() => ui.core.openStreams()).toBeGreaterThan(0);
    ui.core.push({ type: 'checkin', protocol: 'bluezone_android', at: Date.now() });
    const overlay = page.getByTestId('checkin-overlay');
    await overlay.waitFor({ state: 'visible' });
    expect(await overlay.textContent()).toContain('Đã ghi nhận');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'visitor-checkin-800x480.png'), animations: 'disabled' });
    await overlay.waitFor({ state: 'detached', timeout: 10_000 });
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

  it('switches to English and back', async () => {
    const page = await openVisitor(800, 480);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('.step-title').first().textContent()).toBe('Download Bluezone');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    expect(await page.locator('.step-title').first().textContent()).toBe('Tải Bluezone');
    await page.close();
  });

  for (const [width, height] of [
    [800, 480],
    [1920, 1080],
    [480, 800],
    [1080, 1920],
  ] as const) {
    it(`fits ${width}x${height} without overflow and saves a screenshot`, async () => {
      const page = await openVisitor(width, height);
      await expect.poll(() => decodeQrCanvas(page)).toBe('https://www.bluezone.gov.vn/');
      const overflow = await page.evaluate(findOverflow);
      expect(overflow).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `visitor-${width}x${height}.png`) });
      await page.getByRole('button', { name: 'English' }).click();
      expect(await page.evaluate(findOverflow)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `visitor-en-${width}x${height}.png`) });
      await page.close();
    });
  }
});
