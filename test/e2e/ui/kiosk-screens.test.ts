// The visitor's and the receptionist's main flows on the real kiosk core (its CSP, Host
// check and staff PIN cookie included), at every screen size a venue is likely to have:
// nothing below the minimum text size, nothing off screen, clipped or overlapping, no
// serious accessibility violation, and the idle reset, check-in chime and PIN delay working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright';
import type { CoreStatus } from '../../../shared/api/core-api.js';
import { buildRenderer, decodeQrCanvas, launchChromium, SCREENSHOT_DIR } from './browser.js';
import { startRealCore, type RealCore } from './real-core.js';
import { layoutProblems } from './layout-check.js';
import { seriousAxeViolations } from './axe-check.js';
import { KIOSK_SIZES } from './kiosk-sizes.js';
import { CHIME_NOTES } from '../../../src-renderer/visitor/checkin-chime.js';

const PIN = '2468';
const INSTALL_URL = 'https://www.bluezone.gov.vn/?src=screens';
const SHOTS = join(SCREENSHOT_DIR, 'kiosk');

let uiDir = '';
let browser: Browser;
/** A venue with three alerts (uploads failing, not enrolled, clock unsynced), a PIN and a long name. */
let alerting: RealCore;
/** A quiet venue where every simulated Android visitor checks in, 14-day retention. */
let checkins: RealCore;
/** A page open on the check-in venue from its start, counting the chime's oscillators. */
let checkinPage: Page;
let firstCheckin: Promise<{ text: string; body: string; chimes: number; problems: unknown[] }>;
/** A second kiosk window on the same venue whose staff turned the chime off. */
let silentPage: Page;

interface AudioCount {
  /** Oscillators started by the page (the chime is CHIME_NOTES.length of them). */
  started: number;
  /** Check-ins the core announced on its live stream, counted by a listener of its own. */
  checkins: number;
  /** "Đã ghi nhận" overlays the screen put up. */
  overlays: number;
}

/**
 * Init script: counts every oscillator the page starts and every check-in the core
 * announces, independently of the screen's code. `__audio` can be reset from the test.
 */
function instrumentAudio(): void {
  const w = window as unknown as { __audio: AudioCount; __chimes: number };
  w.__audio = { started: 0, checkins: 0, overlays: 0 };
  w.__chimes = 0;
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) if (n instanceof Element && n.matches('[data-testid=checkin-overlay]')) w.__audio.overlays += 1;
    }
  }).observe(document, { childList: true, subtree: true });
  const realCreate = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    w.__chimes += 1;
    return realCreate.call(this);
  };
  const realStart = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
    w.__audio.started += 1;
    return realStart.call(this, when);
  };
  const counter = new EventSource('/api/events');
  counter.addEventListener('checkin', () => {
    w.__audio.checkins += 1;
  });
  (w as unknown as { __counter: EventSource }).__counter = counter;
}

async function resetAudioCountWhenLive(page: Page): Promise<void> {
  await page.locator('.here-now[data-connection=live]').waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => (window as unknown as { __counter: EventSource }).__counter.readyState === EventSource.OPEN);
  await page.evaluate(() => {
    (window as unknown as { __audio: AudioCount }).__audio = { started: 0, checkins: 0, overlays: 0 };
  });
}

const audioCount = (page: Page): Promise<AudioCount> => page.evaluate(() => ({ ...(window as unknown as { __audio: AudioCount }).__audio }));

beforeAll(async () => {
  uiDir = await buildRenderer();
  [alerting, checkins] = await Promise.all([
    startRealCore(uiDir, {
      BZ_STAFF_PIN: PIN,
      BZ_SIM_SEED: '11',
      BZ_SIM_PRESENT: '8',
      BZ_INSTALL_URL: INSTALL_URL,
      BZ_VENUE_NAME: 'Bệnh viện Đa khoa Tỉnh Hà Tĩnh – Khoa Khám bệnh',
      // Nothing listens there: uploads fail, the kiosk never enrols.
      BZ_SERVER_URL: 'http://127.0.0.1:9',
      BZ_ENROLLMENT_CODE: 'AAAA-BBBB-CCCC-DDDD',
      BZ_UPLOAD_INTERVAL_MS: '500',
      BZ_CLOCK: 'assume_unsynced',
      BZ_SUPPORT_CONTACT: 'Phòng VH-TT huyện 0239 3855 123',
      // Nobody checks in here: the "Đã ghi nhận" overlay covers the steps by design, and
      // would turn up mid-check at random. The overlay is laid out on the other venue.
      BZ_SIM_CHECKIN_SHARE: '0',
    }),
    startRealCore(uiDir, { BZ_SIM_SEED: '7', BZ_SIM_PRESENT: '16', BZ_SIM_CHECKIN_SHARE: '1', BZ_RETENTION_DAYS: '14' }),
  ]);
  browser = await launchChromium();
  // Visitors check in as they arrive, most of them in the first minute: watch from the start.
  checkinPage = await browser.newPage({ viewport: { width: 800, height: 480 } });
  await checkinPage.addInitScript(instrumentAudio);
  await checkinPage.goto(checkins.url);
  // What the visitor saw, read while the overlay is up (it leaves after 5 s).
  const overlay = checkinPage.getByTestId('checkin-overlay');
  firstCheckin = overlay.waitFor({ timeout: 120_000 }).then(async () => {
    await checkinPage.screenshot({ path: join(SHOTS, 'checkin-800x480.png'), animations: 'disabled' });
    return {
      text: (await overlay.textContent()) ?? '',
      body: (await overlay.locator('.checkin-body').first().textContent()) ?? '',
      chimes: await checkinPage.evaluate(() => (window as unknown as { __chimes: number }).__chimes),
      problems: await layoutProblems(checkinPage, undefined, '[data-testid=checkin-overlay]'),
    };
  });
  firstCheckin.catch(() => undefined);
  // Count from the moment the screen's own live stream is open, so that both listeners
  // (the screen's and the count's) have heard the same check-ins.
  await resetAudioCountWhenLive(checkinPage);
  // The second window: staff turn the chime off on its console, then it shows the visitor
  // screen; counting starts there.
  silentPage = await browser.newPage({ viewport: { width: 800, height: 480 } });
  await silentPage.addInitScript(instrumentAudio);
  await silentPage.goto(`${checkins.url}/#/staff`);
  await silentPage.getByTestId('tab-kiosk').click();
  await silentPage.getByRole('button', { name: 'Tắt âm báo' }).click();
  await silentPage.evaluate(() => {
    window.location.hash = '#/';
  });
  await resetAudioCountWhenLive(silentPage);
  await mkdir(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([alerting?.stop(), checkins?.stop()]);
  if (uiDir) await rm(uiDir, { recursive: true, force: true });
});

async function status(core: RealCore, cookie?: string): Promise<CoreStatus> {
  const res = await fetch(`${core.url}/api/status`, cookie ? { headers: { cookie } } : {});
  return (await res.json()) as CoreStatus;
}

async function enterPin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'OK', exact: true }).click();
}

describe('kiosk screens on the real core', () => {
  it('lays the visitor screen out at every size: text >= 16 px, nothing off screen, clipped or overlapping', async () => {
    for (const [width, height] of KIOSK_SIZES) {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(alerting.url);
      await page.getByTestId('step-4').waitFor();
      await page.locator('canvas.qr-canvas').waitFor();
      await page.screenshot({ path: join(SHOTS, `visitor-${width}x${height}.png`) });
      expect({ size: `${width}x${height}`, problems: await layoutProblems(page) }).toEqual({ size: `${width}x${height}`, problems: [] });
      // The full venue name is readable, and the QR code still decodes at this size.
      expect(await page.locator('.venue-name').textContent()).toBe('Bệnh viện Đa khoa Tỉnh Hà Tĩnh – Khoa Khám bệnh');
      expect(await decodeQrCanvas(page)).toBe(INSTALL_URL);
      await page.close();
    }
  });

  it('tells visitors to hold the phone to the kiosk, with a picture, and states the configured retention', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 480 } });
    await page.goto(checkins.url);
    const step4 = page.getByTestId('step-4');
    await expect.poll(() => step4.textContent()).toContain('Đưa điện thoại sát kiosk');
    expect(await page.getByTestId('hold-phone-picture').getAttribute('aria-label')).toMatch(/điện thoại/);
    expect(await page.getByTestId('step-2').textContent()).toContain('cấp quyền');
    await expect.poll(() => page.locator('.privacy').textContent()).toContain('sau 14 ngày');
    expect(await page.locator('.privacy').textContent()).not.toContain('21');
    await page.close();
  });

  it('chimes exactly once per check-in', async () => {
    const notes = CHIME_NOTES.length;
    // Chime on (the default): two oscillators per check-in the core announced, no more, no less.
    await expect.poll(async () => (await audioCount(checkinPage)).checkins, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await expect
      .poll(async () => {
        const c = await audioCount(checkinPage);
        return c.started - notes * c.checkins;
      }, { timeout: 5_000 })
      .toBe(0);
  });

  it('makes no sound at a check-in where staff turned the chime off', async () => {
    // Chime off: check-ins arrive on the visitor screen, and nothing is started.
    await silentPage.getByTestId('step-1').waitFor();
    await expect.poll(async () => (await audioCount(silentPage)).checkins, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    // The screen did confirm them (the overlay is shown where the chime would start).
    await expect.poll(async () => (await audioCount(silentPage)).overlays).toBeGreaterThanOrEqual(1);
    expect((await audioCount(silentPage)).started).toBe(0);
    await silentPage.close();
  });

  it('confirms a check-in in Vietnamese and English with a chime that staff can turn off', async () => {
    const page = checkinPage;
    const seen = await firstCheckin;
    expect(seen.text).toContain('Đã ghi nhận');
    expect(seen.text).toContain('Checked in');
    expect(seen.text).toContain('Your phone has been recorded here.');
    // No orphan: the last two words of each sentence are held together.
    expect(seen.body).toMatch(/\u00A0\S+$/);
    // The chime: oscillators made in the page, no sound file.
    expect(seen.chimes).toBeGreaterThan(0);
    expect(seen.problems).toEqual([]);

    // Staff turn the chime off (no PIN at this venue); the choice is kept by the kiosk window.
    await page.goto(`${checkins.url}/#/staff`);
    await page.getByTestId('tab-kiosk').click();
    await page.getByRole('button', { name: 'Tắt âm báo' }).click();
    expect(await page.getByTestId('chime-state').textContent()).toBe('Đang tắt');
    await page.reload();
    await page.getByTestId('tab-kiosk').click();
    expect(await page.getByTestId('chime-state').textContent()).toBe('Đang tắt');
    await page.close();
  });

  it('returns to the Vietnamese visitor screen and locks the staff console after a quiet minute', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 480 } });
    await page.clock.install();
    await page.goto(`${alerting.url}/#/staff`);
    await enterPin(page, PIN);
    await page.getByTestId('staff-here-now').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.clock.fastForward(30_000);
    // Still there after half a minute without input…
    expect(page.url()).toContain('#/staff');
    await page.mouse.click(5, 470);
    await page.clock.fastForward(45_000);
    expect(page.url()).toContain('#/staff');
    // …and back on the visitor screen, in Vietnamese, with the session closed, after a minute.
    await page.clock.fastForward(16_000);
    await expect.poll(() => page.url()).not.toContain('#/staff');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByTestId('step-1').waitFor();
    const cookies = await page.context().cookies();
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    await expect.poll(async () => (await status(alerting, cookie)).staff.authenticated).toBe(false);
    await page.close();
  });

  it('keeps the status strip, tabs and upload state in sight with three alerts, each saying what to do and whom to call', async () => {
    for (const [width, height] of KIOSK_SIZES) {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(`${alerting.url}/#/staff`);
      await enterPin(page, PIN);
      await expect.poll(async () => page.locator('[data-alert]').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
      for (const id of ['staff-here-now', 'upload-chip', 'tab-today', 'tab-alerts', 'tab-kiosk']) {
        const box = await page.getByTestId(id).boundingBox();
        expect(box, `${id} at ${width}x${height}`).not.toBeNull();
        expect(box!.y + box!.height, `${id} at ${width}x${height}`).toBeLessThanOrEqual(height);
      }
      // Every alert shown says what to do.
      const actions = await page.locator('[data-alert] .alert-action').allTextContents();
      expect(actions.length).toBeGreaterThanOrEqual(3);
      for (const a of actions) expect(a.length).toBeGreaterThan(20);
      expect(await page.getByTestId('alert-action-clock_unsynced').textContent()).toContain('đồng bộ');
      expect(await page.getByTestId('alert-contact').textContent()).toContain('0239 3855 123');
      await page.screenshot({ path: join(SHOTS, `staff-alerts-${width}x${height}.png`) });
      expect({ size: `${width}x${height}`, problems: await layoutProblems(page) }).toEqual({ size: `${width}x${height}`, problems: [] });
      await page.getByTestId('tab-today').click();
      expect({ size: `${width}x${height}`, problems: await layoutProblems(page) }).toEqual({ size: `${width}x${height}`, problems: [] });
      await page.close();
    }
  });

  it('names the current quarter-hour by its local clock times and counts GAEN phones apart', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${alerting.url}/#/staff`);
    await enterPin(page, PIN);
    const strip = page.locator('.status-strip');
    await expect.poll(() => strip.textContent()).toMatch(/Khung 15 phút \d\d:(00|15|30|45)–\d\d:(00|15|30|45)/);
    const s = await status(alerting, (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; '));
    // The headline is Bluezone phones only: Android + iPhone, as its breakdown says.
    const headline = Number(await page.getByTestId('staff-here-now').textContent());
    expect(Math.abs(headline - s.here_now.bluezone)).toBeLessThanOrEqual(3);
    expect(await page.getByTestId('staff-breakdown').textContent()).toMatch(/Android \d+ · iPhone \d+/);
    // Today's arrivals by local hour come from the core and are drawn as bars.
    await page.getByTestId('tab-today').click();
    await page.getByTestId('arrivals-chart').waitFor({ timeout: 20_000 });
    const bars = await page.locator('.arrivals-bar').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    expect(bars).toHaveLength(24);
    expect(bars.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    await page.close();
  });

  it('slows wrong PINs down without locking staff out, and says so', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 480 } });
    await page.goto(`${alerting.url}/#/staff`);
    for (let i = 0; i < 4; i++) {
      await enterPin(page, '1111');
      await page.getByTestId('pin-error').waitFor();
    }
    await enterPin(page, PIN);
    await expect.poll(() => page.getByTestId('pin-error').textContent()).toContain('đợi vài giây');
    // The wait after four wrong PINs is 2 s; then the right PIN opens the console.
    await page.waitForTimeout(2_100);
    await enterPin(page, PIN);
    await page.getByTestId('staff-here-now').waitFor();
    await page.close();
  });

  it('has no serious accessibility violation on the visitor screen, the PIN pad and the staff console', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(alerting.url);
    await page.getByTestId('step-1').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goto(`${alerting.url}/#/staff`);
    await page.getByRole('button', { name: 'OK', exact: true }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await enterPin(page, PIN);
    await page.getByTestId('staff-here-now').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  });
});
