// The report-request reminder on the staff console, end to end: the real key server (its
// own process, `dev-setup`'s demo venue), a district ICT officer issuing a reporting
// campaign through its API, and the real kiosk core enrolled at that venue, which fetches
// the request on its upload cycle; the console then shows it in Chromium, in local time,
// at every screen size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import type { Browser } from 'playwright';
import type { Campaign } from '../../../shared/api/report-api.js';
import { formatDayVi } from '../../../shared/domain/report-period.js';
import { formatClock } from '../../../src-renderer/i18n/format-time.js';
import { startKeyServer, type KeyServerProcess } from '../system/key-server-process.js';
import { buildRenderer, launchChromium, SCREENSHOT_DIR } from './browser.js';
import { startRealCore, type RealCore } from './real-core.js';
import { layoutProblems } from './layout-check.js';
import { KIOSK_SIZES } from './kiosk-sizes.js';

const PIN = '8642';
const SHOTS = join(SCREENSHOT_DIR, 'kiosk');

let uiDir = '';
let server: KeyServerProcess;
let core: RealCore;
let browser: Browser;
let campaign: Campaign;

async function serverCall<T>(method: string, path: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

beforeAll(async () => {
  [uiDir, server] = await Promise.all([buildRenderer(), startKeyServer()]);
  // The district's ICT officer asks the venues of Hoàn Kiếm for this week's report.
  const { token } = await serverCall<{ token: string }>('POST', '/v1/auth/login', { username: 'demo-ict', password: server.adminPassword });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  campaign = await serverCall<Campaign>(
    'POST',
    '/v1/report-campaigns',
    {
      level: 'district',
      province: 'Hà Nội',
      district: 'Hoàn Kiếm',
      period: 'week',
      date: today,
      deadline_at: Date.now() + 3 * 86_400_000,
      issuer_unit: 'Phòng Văn hóa và Thông tin quận Hoàn Kiếm',
      document_number: '17/VH&TT',
    },
    token,
  );
  core = await startRealCore(uiDir, {
    BZ_STAFF_PIN: PIN,
    BZ_SIM_PRESENT: '2',
    BZ_SERVER_URL: server.url,
    BZ_ENROLLMENT_CODE: server.enrollmentCode,
    BZ_UPLOAD_INTERVAL_MS: '500',
  });
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await core?.stop();
  await server?.stop();
  if (uiDir) await rm(uiDir, { recursive: true, force: true });
});

describe('report-request reminder on the real core and key server', () => {
  it('shows the campaign to staff with its issuer, period and local deadline, at every size', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 480 } });
    await page.goto(`${core.url}/#/staff`);
    for (const d of PIN) await page.getByRole('button', { name: d, exact: true }).click();
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await page.getByTestId('staff-here-now').waitFor();
    await page.getByTestId('tab-today').click();
    const reminder = page.getByTestId('report-reminder');
    await reminder.waitFor({ timeout: 30_000 });
    const text = (await reminder.textContent()) ?? '';
    expect(text).toContain('Báo cáo cần nộp');
    expect(text).toContain(campaign.title);
    expect(text).toContain(`Phòng Văn hóa và Thông tin quận Hoàn Kiếm · kỳ ${formatDayVi(campaign.period.from)} – ${formatDayVi(campaign.period.to)} · hạn nộp ${formatClock(campaign.deadline_at, 'Asia/Ho_Chi_Minh')}`);
    expect(text).toContain('nộp báo cáo');
    for (const [width, height] of KIOSK_SIZES) {
      await page.setViewportSize({ width, height });
      const size = `${width}x${height}`;
      expect({ size, problems: await layoutProblems(page) }).toEqual({ size, problems: [] });
      const box = await reminder.locator('.panel-title').boundingBox();
      expect(box!.y + box!.height, size).toBeLessThanOrEqual(height);
      await page.screenshot({ path: join(SHOTS, `staff-report-reminder-${size}.png`) });
    }
    await page.close();
  });
});
