// The admin's, ICT officer's and venue manager's main flows in the console against the real
// key server, with screenshots at three sizes and an axe check of every main page.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright';
import { BACKENDS } from '../../integration/server/helpers/backends.js';
import { importAreas } from '../../../src-server/cli-commands.js';
import { addUser, CONSOLE_SCREENSHOTS, signIn, useConsole } from './console-harness.js';
import { kioskSawF0, SERVER_NOW } from './f0-fixture.js';
import { seriousViolations } from './axe-check.js';

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
];

describe.each(BACKENDS)('admin, ICT officer and venue manager in the console on %s', (backend) => {
  const ui = useConsole(backend);
  let venueId: string;

  beforeAll(async () => {
    const s = ui.server.app.services;
    // The kiosk uploads on the day after the capture; from then on the server runs on real
    // time, so that kiosk is long offline.
    ui.server.clock.now = SERVER_NOW;
    await importAreas(s, await readFile('assets/areas/vn-areas-sample.csv', 'utf8'));
    venueId = (await s.venues.create({ name: 'Quán Cà Phê Hoa Sen', kind: 'restaurant', province: 'Hà Nội', district: 'Hoàn Kiếm', ward: 'Hàng Bạc' }, s.now())).id;
    await kioskSawF0(ui.server, venueId);
    ui.server.clock.now = null;
    await addUser(ui.server, 'root', 'admin');
    await addUser(ui.server, 'ict_hn', 'ict_officer', { province: 'Hà Nội' });
    await addUser(ui.server, 'vm_hoasen', 'venue_manager', { venueIds: [venueId] });
  });

  async function shoot(page: Page, name: string): Promise<void> {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: join(CONSOLE_SCREENSHOTS, `${name}-${size.width}x${size.height}-${backend}.png`), fullPage: true });
    }
    await page.setViewportSize(SIZES[0]!);
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousViolations(page)).toEqual([]);
  }

  it('admin: creates a venue from the area pickers, moves it to a two-level province, issues a code, sees the audit log, rotates the feed key', async () => {
    const { page, context, offsite } = await ui.open();
    await expectAccessible(page);
    await signIn(page, 'root');
    await page.getByRole('link', { name: 'Địa điểm', exact: true }).first().click();
    await page.getByTestId('venues-table').waitFor();
    await page.locator('select[name="new-province"] option', { hasText: 'Hà Nội' }).waitFor({ state: 'attached' });
    await page.locator('input[name="new-name"]').fill('Nhà sách Tràng Tiền');
    await page.locator('select[name="new-kind"]').selectOption('other');
    await page.locator('select[name="new-province"]').selectOption('Hà Nội');
    await page.locator('select[name="new-district"]').selectOption('Hoàn Kiếm');
    await page.locator('select[name="new-ward"]').selectOption('Tràng Tiền');
    await page.getByRole('button', { name: 'Thêm', exact: true }).click();
    await page.getByText('Đã thêm Nhà sách Tràng Tiền.').waitFor();
    await expectAccessible(page);
    await shoot(page, 'admin-venues');

    await page.getByRole('button', { name: 'Sửa/chuyển Nhà sách Tràng Tiền' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('select[name="edit-province"]').selectOption('Đà Nẵng');
    expect(await dialog.locator('select[name="edit-district"]').count()).toBe(0);
    await dialog.locator('select[name="edit-ward"]').selectOption('Hải Châu');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu Nhà sách Tràng Tiền.').waitFor();
    const moved = (await ui.server.app.services.venues.list({})).find((v) => v.name === 'Nhà sách Tràng Tiền');
    expect([moved?.province, moved?.district, moved?.ward]).toEqual(['Đà Nẵng', '', 'Hải Châu']);

    await page.getByRole('button', { name: 'Tạo mã đăng ký kiosk cho Quán Cà Phê Hoa Sen' }).click();
    await page.getByRole('button', { name: 'Tạo mã đăng ký kiosk', exact: true }).click();
    expect(await page.getByTestId('enrollment-code').textContent()).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);

    await page.getByRole('link', { name: 'Nhật ký' }).first().click();
    await page.getByTestId('audit-table').waitFor();
    await page.locator('select[name="action"]').selectOption('venue.');
    await page.getByTestId('audit-table').getByText('venue.update').waitFor();
    const actions = await page.getByTestId('audit-table').locator('tbody tr td:nth-child(3)').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => a.startsWith('venue.'))).toBe(true);
    await expectAccessible(page);
    await shoot(page, 'admin-audit');

    await page.getByRole('link', { name: 'Khóa nguồn tin' }).first().click();
    await page.getByTestId('feed-keys').waitFor();
    await page.getByRole('button', { name: 'Đổi khóa ký' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText(/Đã đổi sang khóa fk-/).waitFor();
    expect(offsite).toEqual([]);
    await context.close();
  });

  it('admin: a refused venue change keeps its dialog open with what was typed, and stores nothing', async () => {
    const { page, context } = await ui.open();
    await signIn(page, 'root');
    await page.getByRole('link', { name: 'Địa điểm', exact: true }).first().click();
    await page.getByRole('button', { name: 'Sửa/chuyển Quán Cà Phê Hoa Sen' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="edit-name"]').fill('');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.locator('.error-box[data-code]').waitFor();
    expect(await dialog.count()).toBe(1);
    expect(await dialog.locator('input[name="edit-name"]').inputValue()).toBe('');
    expect((await ui.server.app.services.venues.list({})).find((v) => v.id === venueId)?.name).toBe('Quán Cà Phê Hoa Sen');
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    expect(await dialog.count()).toBe(0);
    await context.close();
  });

  it('admin: a venue outside the imported units is refused on screen and nothing is stored', async () => {
    const before = (await ui.server.app.services.venues.list({})).length;
    const res = await fetch(`${ui.server.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'root-password-1' }) });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const r = await fetch(`${ui.server.url}/v1/venues`, {
      method: 'POST',
      headers: { cookie, origin: ui.server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Nowhere', kind: 'other', province: 'Hà Nội', district: 'Hoàn Kiếm', ward: 'Kim Mã' }),
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('area_unknown');
    expect((await ui.server.app.services.venues.list({})).length).toBe(before);
  });

  it('ICT officer: install-rate ranking sortable with a trend, fleet with alerts, drill-down to a venue', async () => {
    const { page, context } = await ui.open();
    await signIn(page, 'ict_hn');
    await page.getByRole('link', { name: 'Tỷ lệ cài đặt' }).first().click();
    await page.getByTestId('install-table').waitFor();
    await page.getByLabel('Từ ngày').fill('2020-08-01');
    await page.getByLabel('Đến ngày').fill('2020-08-10');
    await page.getByTestId('install-table').getByText('Hoàn Kiếm').waitFor();
    await page.getByRole('button', { name: 'Khách chưa có' }).click();
    expect(await page.getByRole('columnheader', { name: /Khách chưa có/ }).getAttribute('aria-sort')).toBe('descending');
    await page.locator('.chart canvas').first().waitFor();
    await expectAccessible(page);
    await shoot(page, 'ict-install-rate');

    await page.getByRole('link', { name: 'Kiosk' }).first().click();
    await page.getByTestId('fleet-table').waitFor();
    expect(await page.getByTestId('fleet-table').textContent()).toContain('Quán Cà Phê Hoa Sen');
    // The fixture kiosk last reported in 2020: offline.
    expect(await page.getByTestId('fleet-table').textContent()).toContain('mất liên lạc');
    expect(await page.getByRole('button', { name: 'Thu hồi kiosk' }).count()).toBe(0);
    await expectAccessible(page);
    await shoot(page, 'ict-fleet');
    await page.getByTestId('fleet-table').getByRole('link', { name: 'Quán Cà Phê Hoa Sen' }).click();
    await page.getByRole('heading', { name: 'Quán Cà Phê Hoa Sen' }).waitFor();
    expect(await page.getByText('Tạo mã đăng ký kiosk').count()).toBe(0);
    await context.close();
  });

  it('venue manager: attendance by day and week, tallies, kiosk health, and a kiosk enrolment code', async () => {
    const { page, context } = await ui.open();
    await signIn(page, 'vm_hoasen');
    await page.getByRole('link', { name: 'Địa điểm của tôi' }).first().click();
    await page.getByRole('link', { name: /Quán Cà Phê Hoa Sen/ }).click();
    await page.getByRole('heading', { name: 'Quán Cà Phê Hoa Sen', exact: true }).waitFor();
    await page.getByLabel('Từ ngày').fill('2020-08-01');
    await page.getByLabel('Đến ngày').fill('2020-08-10');
    await page.getByTestId('attendance-days').getByText('08/08/2020').waitFor();
    expect(await page.getByTestId('venue-tallies').textContent()).toContain('Lượt đến: 2');
    expect(await page.getByTestId('venue-tallies').textContent()).toContain('Được giúp cài: 1');
    expect(await page.getByTestId('attendance-weeks').textContent()).toContain('Tuần từ 03/08/2020');
    await page.getByTestId('fleet-table').waitFor();
    await page.getByRole('button', { name: 'Tạo mã đăng ký kiosk', exact: true }).click();
    expect(await page.getByTestId('enrollment-code').textContent()).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    await expectAccessible(page);
    await shoot(page, 'venue-manager-report');
    // Pages of other roles: the navigation does not offer them, and a typed link says no.
    await page.goto(`${ui.server.url}/console/#/admin/users`);
    await page.getByRole('heading', { name: 'Bạn không có quyền xem trang này' }).waitFor();
    await context.close();
  });
});
