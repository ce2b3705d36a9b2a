// The whole system once, for real: the key server and the kiosk core (simulated radio) as
// separate processes, the visitor screen in Chromium. The QR code must decode to the
// configured install URL, the live count must rise as virtual phones arrive, and the key
// server must end up holding the kiosk's uploaded sightings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright';
import { decodeQrCanvas, launchChromium, SCREENSHOT_DIR } from '../ui/browser.js';
import { startRealCore, type RealCore } from '../ui/real-core.js';
import { startKeyServer, type KeyServerProcess } from './key-server-process.js';

const INSTALL_URL = 'https://www.bluezone.gov.vn/?utm_source=kiosk-e2e';

let server: KeyServerProcess;
let core: RealCore;
let browser: Browser;
/** Opened the moment the core listens, before virtual phones have had time to arrive. */
let firstPage: Page;
/** Resolves when the first page shows a check-in; watched from the start, since the simulated
 *  visitors check in on arrival and arrivals stop once the venue is full. */
let checkInShown: Promise<string>;

beforeAll(async () => {
  server = await startKeyServer();
  browser = await launchChromium();
  firstPage = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  core = await startRealCore(resolve('dist/renderer'), {
    BZ_SERVER_URL: server.url,
    BZ_ENROLLMENT_CODE: server.enrollmentCode,
    BZ_INSTALL_URL: INSTALL_URL,
    BZ_UPLOAD_INTERVAL_MS: '1000',
    BZ_SIM_PRESENT: '10',
    BZ_SIM_SEED: '7',
    BZ_SIM_CHECKIN_SHARE: '1',
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await firstPage.goto(core.url);
  const overlay = firstPage.getByTestId('checkin-overlay');
  checkInShown = overlay.waitFor({ timeout: 90_000 }).then(async () => {
    await firstPage.screenshot({ path: join(SCREENSHOT_DIR, 'system-checkin-1920x1080.png') });
    return overlay.innerText();
  });
  // Surfaced by the test that awaits it; never an unhandled rejection in between.
  checkInShown.catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await core?.stop();
  await server?.stop();
});

async function hereNow(page: Page): Promise<number> {
  const text = await page.getByTestId('here-now-count').innerText();
  return Number(text.replace(/\D/g, ''));
}

async function apiJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${server.url}${path}`, init);
  expect(res.status, `${path}: ${res.status}`).toBeLessThan(300);
  return (await res.json()) as T;
}

describe('kiosk end to end', () => {
  it('counts virtual phones as they arrive, live', async () => {
    await firstPage.getByTestId('here-now-count').waitFor();
    const first = await hereNow(firstPage);
    expect(first).toBeLessThan(10);
    // The page is never reloaded: the rise arrives over the live-event stream.
    await expect.poll(() => hereNow(firstPage), { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(first + 3);
  });

  it('confirms "Đã ghi nhận" when a visitor holds a phone at the kiosk', async () => {
    expect(await checkInShown).toContain('Đã ghi nhận');
    await firstPage.close();
  });

  it('shows the visitor screen with an install QR code for the configured URL', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 480 } });
    await page.goto(core.url);
    await page.getByTestId('here-now-count').waitFor();
    await expect.poll(() => decodeQrCanvas(page), { timeout: 10_000 }).toBe(INSTALL_URL);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
    await page.close();
  });

  it('saves screenshots at 800x480 and 1920x1080', async () => {
    for (const [width, height] of [
      [800, 480],
      [1920, 1080],
    ] as const) {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(core.url);
      await expect.poll(() => hereNow(page), { timeout: 20_000 }).toBeGreaterThan(0);
      const path = join(SCREENSHOT_DIR, `system-visitor-${width}x${height}.png`);
      await page.screenshot({ path });
      await page.close();
    }
  });

  it('leaves the uploaded sightings on the key server', async () => {
    const { token } = await apiJson<{ token: string }>('/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: server.adminPassword }),
    });
    const auth = { authorization: `Bearer ${token}` };
    const day = new Date().toISOString().slice(0, 10);
    const fetchEncounters = () =>
      apiJson<{ total: number; encounters: { visitor_id: string; protocol: string; checked_in: boolean }[] }>(
        `/v1/venues/${server.venueId}/encounters?day=${day}`,
        { headers: auth },
      );
    await expect.poll(async () => (await fetchEncounters()).total, { timeout: 30_000, interval: 1000 }).toBeGreaterThan(0);
    // The check-in seen on the visitor screen reaches the server as a flag on its encounter.
    await expect.poll(async () => (await fetchEncounters()).encounters.some((e) => e.checked_in), { timeout: 30_000, interval: 1000 }).toBe(true);
    const { encounters } = await fetchEncounters();
    for (const e of encounters) {
      expect(e.visitor_id).toMatch(/^(?:[0-9A-F]{24}|[0-9A-F]{32})$/);
      expect(['bluezone_android', 'bluezone_ios', 'gaen']).toContain(e.protocol);
    }
    const status = (await (await fetch(`${core.url}/api/status`)).json()) as { upload: { enrolled: boolean }; venue_name: string };
    expect(status.upload.enrolled).toBe(true);
    expect(status.venue_name).toBe('Quán Cà Phê Hoa Sen');
  });
});
