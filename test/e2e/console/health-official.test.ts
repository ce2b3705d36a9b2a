// The health official's flows in the console against the real key server: F0 intake from
// real-format files (upload and paste) with a line-level preview, bad input refused with
// nothing stored, session expiry mid-form without losing the form, exposures list and
// detail (local times, chart with the F0's presence), notify visitors / venue, close, CSV.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { BACKENDS } from '../../integration/server/helpers/backends.js';
import { addUser, CONSOLE_SCREENSHOTS, signIn, useConsole } from './console-harness.js';
import { INFO_F_FILE, kioskSawF0, SERVER_NOW, traceFile } from './f0-fixture.js';

describe.each(BACKENDS)('health official in the console on %s', (backend) => {
  const ui = useConsole(backend);
  let venueId: string;

  beforeAll(async () => {
    ui.server.clock.now = SERVER_NOW;
    const v = await ui.server.app.services.venues.create({ name: 'Quán Cà Phê Hoa Sen', kind: 'restaurant', province: 'Hà Nội', district: 'Hoàn Kiếm', ward: 'Hàng Bạc' }, SERVER_NOW);
    venueId = v.id;
    await kioskSawF0(ui.server, venueId);
    await addUser(ui.server, 'cdc_hanoi', 'health_official', { province: 'Hà Nội' });
  });

  async function openIntake(viewport?: { width: number; height: number }): Promise<Page> {
    const { page } = await ui.open(viewport);
    await signIn(page, 'cdc_hanoi');
    await page.getByRole('link', { name: 'Tiếp nhận F0' }).first().click();
    await page.getByRole('heading', { name: 'Tiếp nhận ca F0' }).waitFor();
    await page.getByLabel('Có khả năng lây nhiễm từ ngày').fill('2020-08-08');
    await page.getByLabel('Đến hết ngày').fill('2020-08-08');
    return page;
  }

  async function caseCount(): Promise<number> {
    return (await ui.server.app.services.f0.listCases(null, 1_000)).length;
  }

  it('refuses a wrong file and a bad line on screen, before anything is sent, and stores nothing', async () => {
    const page = await openIntake();
    await page.getByRole('textbox', { name: 'Mã hồ sơ ca bệnh' }).fill('HN-BAD-1');
    // A picture where data_trace.txt belongs.
    await page.locator('input[name="history-file"]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]) });
    await page.getByText('Tệp photo.png không phải tệp văn bản').waitFor();
    // A trace with one good and two bad lines, pasted.
    const bad = traceFile().split('\n');
    bad[1] = bad[1]!.replace(/\t-58\t/, '\tloud\t');
    bad.splice(3, 0, 'not a trace line');
    await page.getByRole('textbox', { name: 'Lịch sử tiếp xúc (data_trace.txt)' }).fill(bad.join('\n'));
    await page.getByTestId('intake-error-count').waitFor();
    expect(await page.getByTestId('intake-error-count').textContent()).toContain('2 lỗi');
    const rows = await page.getByTestId('intake-problems').locator('tbody tr').allTextContents();
    expect(rows[0]).toContain('data_trace.txt, dòng 2');
    expect(rows[0]).toContain('rssi_invalid');
    expect(rows[1]).toContain('dòng 4');
    expect(rows[1]).toContain('field_count');
    expect(await page.getByRole('button', { name: 'Gửi và tìm địa điểm phơi nhiễm' }).isDisabled()).toBe(true);
    // InfoF that is not JSON.
    await page.getByRole('textbox', { name: 'InfoF (JSON từ điện thoại)' }).fill('daily_key=4C52');
    expect(await page.getByTestId('intake-problems').textContent()).toContain('not_json');
    await page.screenshot({ path: join(CONSOLE_SCREENSHOTS, `intake-errors-1366x768-${backend}.png`), fullPage: true });
    expect(await caseCount()).toBe(0);
    await page.context().close();
  });

  it('takes real-format files by upload, keeps the form through an expired session, and finds the exposure', async () => {
    const page = await openIntake({ width: 1920, height: 1080 });
    await page.getByRole('textbox', { name: 'Mã hồ sơ ca bệnh' }).fill('HN-2020-0808');
    await page.locator('input[name="info_f-file"]').setInputFiles({ name: 'InfoF.json', mimeType: 'application/json', buffer: Buffer.from(INFO_F_FILE) });
    await page.locator('input[name="history-file"]').setInputFiles({ name: 'data_trace.txt', mimeType: 'text/plain', buffer: Buffer.from(traceFile()) });
    await page.getByText('Không có lỗi. Sẵn sàng gửi.').waitFor();
    expect(await page.getByTestId('intake-history-counts').textContent()).toContain('dùng (trong khoảng lây nhiễm): 3; bỏ qua (ngoài khoảng): 1');
    await page.screenshot({ path: join(CONSOLE_SCREENSHOTS, `intake-preview-1920x1080-${backend}.png`), fullPage: true });

    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/v1/f0-cases')) posted.push(r.postData() ?? '');
    });
    // The session ends while the form is filled in: sign in again, the submission goes ahead.
    await ui.server.db.handle.db.deleteFrom('sessions').execute();
    await page.getByRole('button', { name: 'Gửi và tìm địa điểm phơi nhiễm' }).click();
    const dialog = page.getByRole('dialog', { name: 'Phiên đăng nhập đã hết hạn' });
    await dialog.waitFor();
    expect(await caseCount()).toBe(0);
    await dialog.getByLabel('Mật khẩu', { exact: true }).fill('cdc_hanoi-password-1');
    await dialog.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('intake-result').waitFor();
    expect(await page.getByRole('textbox', { name: 'Mã hồ sơ ca bệnh' }).inputValue()).toBe('HN-2020-0808');
    expect(await page.getByTestId('intake-result').textContent()).toContain('Đã lưu ca HN-2020-0808');
    expect(await caseCount()).toBe(1);
    // base_id (it would link every ID of the phone) never left the browser.
    expect(posted.length).toBe(2);
    for (const body of posted) {
      expect(body).toContain('"daily_key"');
      expect(body).not.toContain('base_id');
    }
    // Local time in Vietnam (the browser is set to Berlin): slots 23–24 of 2020-08-08 UTC are 12:45–13:15 (kiosk saw it in 23, the phone saw the kiosk in 24).
    expect(await page.getByTestId('intake-result').textContent()).toContain('Quán Cà Phê Hoa Sen — 08/08/2020 12:45–13:15');
    await page.getByRole('link', { name: 'Quán Cà Phê Hoa Sen' }).click();
    await page.getByRole('heading', { name: 'Phơi nhiễm tại Quán Cà Phê Hoa Sen' }).waitFor();
    await page.context().close();
  });

  it('lists exposures with counts, shows the detail with the chart, notifies visitors and venue, closes, and downloads CSV', async () => {
    const { page, context } = await ui.open();
    await signIn(page, 'cdc_hanoi');
    await page.getByRole('link', { name: 'Địa điểm phơi nhiễm' }).first().click();
    await page.getByTestId('exposures-table').waitFor();
    expect(await page.getByTestId('exposure-counts').textContent()).toContain('Tổng: 1');
    expect(await page.getByTestId('exposures-table').textContent()).toContain('Hàng Bạc, Hoàn Kiếm, Hà Nội');
    await page.screenshot({ path: join(CONSOLE_SCREENSHOTS, `exposures-1366x768-${backend}.png`), fullPage: true });

    // CSV: a plain link the browser downloads with the session cookie.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải CSV' }).click()]);
    const csv = await download.createReadStream().then(async (s) => {
      let text = '';
      for await (const chunk of s) text += String(chunk);
      return text;
    });
    expect(csv.split('\r\n')[0]).toContain('exposure_id');
    expect(csv).toContain('Quán Cà Phê Hoa Sen');

    await page.getByRole('link', { name: 'Quán Cà Phê Hoa Sen' }).click();
    await page.getByTestId('exposure-window').waitFor();
    expect(await page.getByTestId('exposure-window').textContent()).toBe('08/08/2020 12:45–13:15');
    await page.locator('.chart canvas').first().waitFor();
    await page.getByText('Bảng số liệu của biểu đồ').click();
    const present = await page.getByTestId('slot-table').locator('tbody tr', { hasText: '08/08/2020 12:45' }).textContent();
    expect(present).toContain('có');
    expect(present).toMatch(/12:45\s*2\s*có/);

    await page.getByRole('button', { name: 'Báo cho khách đã đến' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByTestId('followed').getByText(/Đã công bố lô .* khóa\./).waitFor();
    expect(await page.getByTestId('exposure-status').textContent()).toBe('Đã báo khách');
    const feed = (await (await fetch(`${ui.server.url}/v1/feed/index.json`)).json()) as { batches: { entries: number }[] };
    expect(feed.batches.length).toBe(1);

    await page.getByRole('button', { name: 'Báo cho địa điểm' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByTestId('followed').getByText(/Đã xếp hàng thông báo/).waitFor();
    await page.screenshot({ path: join(CONSOLE_SCREENSHOTS, `exposure-detail-1366x768-${backend}.png`), fullPage: true });

    // Cancel changes nothing; confirm closes.
    await page.getByRole('button', { name: 'Đóng hồ sơ' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Hủy' }).click();
    expect(await page.getByTestId('exposure-status').textContent()).toBe('Đã báo khách');
    await page.getByRole('button', { name: 'Đóng hồ sơ' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByTestId('followed').getByText('Hồ sơ đã đóng.').waitFor();
    expect(await page.getByRole('button', { name: 'Báo cho khách đã đến' }).isDisabled()).toBe(true);
    const actions = (await ui.server.app.services.audit.list(100)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['exposure.notify_visitors', 'exposure.notify_venue', 'exposure.close', 'exposures.export']));
    await context.close();
  });

  it('shows an exposure page on a phone screen', async () => {
    const { page, context } = await ui.open({ width: 390, height: 844 });
    await signIn(page, 'cdc_hanoi');
    await page.getByRole('link', { name: 'Địa điểm phơi nhiễm' }).first().click();
    await page.getByTestId('exposures-table').waitFor();
    await page.screenshot({ path: join(CONSOLE_SCREENSHOTS, `exposures-390x844-${backend}.png`), fullPage: true });
    await context.close();
  });
});
