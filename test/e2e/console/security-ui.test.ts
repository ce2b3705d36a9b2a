// The security endpoints through the console, in Chromium against the real key server on
// SQLite and PostgreSQL: an admin changes a user's role and scope, disables a user (whose next
// action lands on the sign-in page saying why), resets a password (old sessions end), revokes
// a kiosk (its next upload is refused); anyone changes their own password. Every refused
// action shows a clear message on screen and changes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright';
import { BACKENDS } from '../../integration/server/helpers/backends.js';
import { emptyBatch, enrollKiosk, signedInject, type TestKiosk } from '../../integration/server/helpers/test-server.js';
import { addUser, signIn, useConsole } from './console-harness.js';
import { asTestServer } from './f0-fixture.js';

describe.each(BACKENDS)('security actions in the console on %s', (backend) => {
  const ui = useConsole(backend);
  let venueId: string;
  let kiosk: TestKiosk;

  beforeAll(async () => {
    const s = ui.server.app.services;
    venueId = (await s.venues.create({ name: 'Quán Cà Phê Hoa Sen', kind: 'restaurant', province: 'Hà Nội', district: 'Hoàn Kiếm', ward: 'Hàng Bạc' }, s.now())).id;
    kiosk = await enrollKiosk(asTestServer(ui.server), venueId);
    await addUser(ui.server, 'root', 'admin');
    await addUser(ui.server, 'ict_move', 'ict_officer', { province: 'Hà Nội' });
    await addUser(ui.server, 'ho_gone', 'health_official', { province: 'Hà Nội' });
    await addUser(ui.server, 'ho_reset', 'health_official', { province: 'Hà Nội' });
    await addUser(ui.server, 'vm_self', 'venue_manager', { venueIds: [venueId] });
  });

  async function user(username: string) {
    return (await ui.server.app.services.users.findByUsername(username))!;
  }

  async function apiLogin(username: string, password: string): Promise<number> {
    const r = await fetch(`${ui.server.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ui.server.url }, body: JSON.stringify({ username, password }) });
    return r.status;
  }

  async function adminOn(nav: string): Promise<Page> {
    const { page } = await ui.open();
    await signIn(page, 'root');
    await page.getByRole('link', { name: nav, exact: true }).first().click();
    return page;
  }

  function userRow(page: Page, username: string) {
    return page.getByTestId('users-table').locator('tbody tr', { has: page.getByRole('cell', { name: username, exact: true }) });
  }

  it('admin changes a user’s role and scope; a refused change says why and changes nothing', async () => {
    const page = await adminOn('Người dùng');
    await userRow(page, 'ict_move').getByRole('button', { name: 'Đổi vai trò/phạm vi' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.locator('select[name="edit-role"]').selectOption('venue_manager');
    // No venue chosen for a venue manager: refused.
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    const refused = page.locator('.error-box[data-code="venues_required"]');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Quản lý địa điểm cần ít nhất một địa điểm.');
    expect(await user('ict_move')).toMatchObject({ role: 'ict_officer', province: 'Hà Nội' });

    await userRow(page, 'ict_move').getByRole('button', { name: 'Đổi vai trò/phạm vi' }).click();
    dialog = page.getByRole('dialog');
    await dialog.locator('select[name="edit-role"]').selectOption('venue_manager');
    await dialog.locator('select[name="edit-venues"] option', { hasText: 'Quán Cà Phê Hoa Sen' }).waitFor({ state: 'attached' });
    await dialog.locator('select[name="edit-venues"]').selectOption([venueId]);
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu ict_move.').waitFor();
    expect(await userRow(page, 'ict_move').textContent()).toContain('quản lý địa điểm');
    expect(await userRow(page, 'ict_move').textContent()).toContain('1 địa điểm');
    expect(await user('ict_move')).toMatchObject({ role: 'venue_manager', province: null });
    const principal = await ui.server.app.services.users.principal((await user('ict_move')).id);
    expect(principal?.venueIds).toEqual([venueId]);
    await page.context().close();
  });

  it('admin disables a user: that user’s next action lands on the sign-in page saying why', async () => {
    const victim = await ui.open();
    await signIn(victim.page, 'ho_gone');
    await victim.page.getByRole('link', { name: 'Địa điểm phơi nhiễm' }).first().click();
    await victim.page.getByTestId('exposures-table').or(victim.page.getByText('Không có địa điểm phơi nhiễm nào khớp bộ lọc.')).first().waitFor();

    const page = await adminOn('Người dùng');
    // Cancel changes nothing.
    await userRow(page, 'ho_gone').getByRole('button', { name: 'Vô hiệu hóa' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Hủy' }).click();
    expect((await user('ho_gone')).disabled_at).toBeNull();
    await userRow(page, 'ho_gone').getByRole('button', { name: 'Vô hiệu hóa' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Vô hiệu hóa' }).click();
    await page.getByText('Đã vô hiệu hóa ho_gone.').waitFor();
    expect((await user('ho_gone')).disabled_at).not.toBeNull();
    // The admin cannot disable themself: the button is not offered.
    expect(await userRow(page, 'root').getByRole('button', { name: 'Vô hiệu hóa' }).isDisabled()).toBe(true);

    await victim.page.getByRole('link', { name: 'Tiếp nhận F0' }).first().click();
    await victim.page.getByRole('link', { name: 'Địa điểm phơi nhiễm' }).first().click();
    const alert = victim.page.locator('.error-box[data-code="account_disabled"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Tài khoản của bạn đã bị quản trị viên vô hiệu hóa');
    await victim.page.getByLabel('Tên đăng nhập').waitFor();
    expect(await victim.page.getByRole('dialog').count()).toBe(0);
    expect(await apiLogin('ho_gone', 'ho_gone-password-1')).toBe(401);
    await victim.context.close();
    await page.context().close();
  });

  it('admin resets a password: the old session ends, the new password signs in; a weak one is refused and changes nothing', async () => {
    const victim = await ui.open();
    await signIn(victim.page, 'ho_reset');
    await victim.page.getByRole('link', { name: 'Địa điểm phơi nhiễm' }).first().click();

    const page = await adminOn('Người dùng');
    await userRow(page, 'ho_reset').getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    await page.getByRole('dialog').locator('input[name="reset-password"]').fill('short');
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await page.locator('.error-box').waitFor();
    expect(await apiLogin('ho_reset', 'ho_reset-password-1')).toBe(200);

    await userRow(page, 'ho_reset').getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    await page.getByRole('dialog').locator('input[name="reset-password"]').fill('fresh-password-77');
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã đặt lại mật khẩu cho ho_reset.').waitFor();

    // The victim's next action finds the session ended; the old password no longer works.
    await victim.page.getByRole('link', { name: 'Tiếp nhận F0' }).first().click();
    await victim.page.getByRole('link', { name: 'Địa điểm phơi nhiễm' }).first().click();
    const dialog = victim.page.getByRole('dialog', { name: 'Phiên đăng nhập đã hết hạn' });
    await dialog.waitFor();
    await dialog.getByLabel('Mật khẩu', { exact: true }).fill('ho_reset-password-1');
    await dialog.getByRole('button', { name: 'Đăng nhập' }).click();
    await dialog.locator('.error-box[data-code="invalid_credentials"]').waitFor();
    await dialog.getByLabel('Mật khẩu', { exact: true }).fill('fresh-password-77');
    await dialog.getByRole('button', { name: 'Đăng nhập' }).click();
    await dialog.waitFor({ state: 'detached' });
    await victim.page.getByRole('heading', { name: 'Địa điểm phơi nhiễm' }).waitFor();
    await victim.context.close();
    await page.context().close();
  });

  it('admin revokes a kiosk: its next upload is refused', async () => {
    const ts = asTestServer(ui.server);
    const upload = () => signedInject(ts, kiosk, 'POST', '/v1/kiosk/batches', emptyBatch(randomUUID(), ui.server.app.services.now()));
    expect((await upload()).statusCode).toBe(200);
    const page = await adminOn('Kiosk');
    await page.getByTestId('fleet-table').waitFor();
    await page.getByRole('button', { name: 'Thu hồi kiosk' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Hủy' }).click();
    expect((await upload()).statusCode).toBe(200);
    await page.getByRole('button', { name: 'Thu hồi kiosk' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Thu hồi kiosk' }).click();
    await page.getByText('Đã thu hồi kiosk tại Quán Cà Phê Hoa Sen.').waitFor();
    const refused = await upload();
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('kiosk_revoked');
    await page.context().close();
  });

  it('anyone changes their own password; a wrong current password or a mismatch is refused on screen', async () => {
    const { page, context } = await ui.open();
    await signIn(page, 'vm_self');
    await page.getByRole('link', { name: 'Đổi mật khẩu' }).first().click();
    const form = async (current: string, next: string, repeat: string) => {
      await page.getByLabel('Mật khẩu hiện tại').fill(current);
      await page.getByLabel('Mật khẩu mới (ít nhất 10 ký tự)').fill(next);
      await page.getByLabel('Nhập lại mật khẩu mới').fill(repeat);
      await page.getByRole('button', { name: 'Lưu' }).click();
    };
    await form('vm_self-password-1', 'brand-new-pass-1', 'brand-new-pass-2');
    await page.getByText('Hai mật khẩu mới không giống nhau.').waitFor();
    await form('not-my-password', 'brand-new-pass-1', 'brand-new-pass-1');
    await page.locator('.error-box[data-code="invalid_credentials"]').waitFor();
    // A wrong current password is an answer, not a lost session: no sign-in prompt.
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await apiLogin('vm_self', 'vm_self-password-1')).toBe(200);
    await form('vm_self-password-1', 'brand-new-pass-1', 'brand-new-pass-1');
    await page.getByText('Đã đổi mật khẩu.').waitFor();
    expect(await apiLogin('vm_self', 'vm_self-password-1')).toBe(401);
    expect(await apiLogin('vm_self', 'brand-new-pass-1')).toBe(200);
    await context.close();
  });

  it('a mismatch after a refused password change shows the mismatch alone: the earlier refusal is cleared', async () => {
    const { page, context } = await ui.open();
    await signIn(page, 'root');
    await page.getByRole('link', { name: 'Đổi mật khẩu' }).first().click();
    await page.getByLabel('Mật khẩu hiện tại').fill('not-my-password');
    await page.getByLabel('Mật khẩu mới (ít nhất 10 ký tự)').fill('brand-new-pass-1');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('brand-new-pass-1');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.locator('.error-box[data-code="invalid_credentials"]').waitFor();
    await page.getByLabel('Nhập lại mật khẩu mới').fill('brand-new-pass-2');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Hai mật khẩu mới không giống nhau.').waitFor();
    expect(await page.getByRole('alert').allTextContents()).toEqual(['Hai mật khẩu mới không giống nhau.']);
    await context.close();
  });
});
