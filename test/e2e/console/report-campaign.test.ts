// The reporting chain in Chromium against the real key server, on SQLite and PostgreSQL: a
// district official issues a campaign in the console; the two venues' kiosks upload their
// tallies (signed batches); one manager submits and amends, the other does not; the official
// sees one of two with the missing venue listed and downloads the compiled PDF, which is
// rendered to PNG (kept with the screenshots) and whose text and figures are checked against
// the database.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../integration/server/helpers/backends.js';
import { emptyBatch, signedInject, type TestServer } from '../../integration/server/helpers/test-server.js';
import { buildReportWorld, localTime, NOW_MS, type ReportWorld } from '../../integration/server/helpers/report-fixture.js';
import { pdfText, pdfToPngs, squash } from '../../integration/server/helpers/pdf-tools.js';
import { slotOf } from '../../../shared/domain/slots.js';
import { addUser, CONSOLE_SCREENSHOTS, signIn, useConsole } from './console-harness.js';

describe.each(BACKENDS)('reporting campaign in the console on %s', (backend) => {
  const ui = useConsole(backend);
  let w: ReportWorld;
  let server: TestServer;

  beforeAll(async () => {
    // The integration fixture's world on this server: same rows, same expected figures.
    // The fixture moves the clock the server reads.
    ui.server.clock.now = NOW_MS;
    server = { app: ui.server.app, db: ui.server.db, clock: ui.server.clock as { now: number }, close: async () => undefined };
    w = await buildReportWorld(server);
    ui.server.clock.now = NOW_MS;
    // Both kiosks upload the staff's tallies of Thursday the 19th as signed batches.
    for (const [kiosk, at, noApp, helped] of [
      [w.kioskA, localTime(19, 10), 5, 1],
      [w.kioskB, localTime(19, 11), 10, 2],
    ] as const) {
      const batch = { ...emptyBatch(randomUUID(), NOW_MS), attendance: [{ slot: slotOf(at), bluezone_devices: 2, gaen_devices: 0, arrivals: 2, no_app: noApp, helped_install: helped }] };
      const r = await signedInject(server, kiosk, 'POST', '/v1/kiosk/batches', batch, NOW_MS);
      expect(r.statusCode, r.body).toBe(200);
    }
    await addUser(ui.server, 'vhtt_thanhxuan', 'ict_officer', { province: 'Hà Nội' });
    await addUser(ui.server, 'quanly_hoasen', 'venue_manager', { venueIds: [w.a] });
    await addUser(ui.server, 'quanly_nhanchinh', 'venue_manager', { venueIds: [w.b] });
  }, 180_000);

  /** What the database holds for a venue over the week: the figures the report must show. */
  async function dbWeek(venueId: string): Promise<{ unique: number; noApp: number }> {
    const db = ui.server.app.services.database.db;
    const u = await db.selectFrom('venue_days').select((eb) => eb.fn.sum<number>('unique_visitors').as('n')).where('venue_id', '=', venueId).where('day', '>=', '2026-11-16').where('day', '<=', '2026-11-22').executeTakeFirstOrThrow();
    const t = await db
      .selectFrom('attendance')
      .select((eb) => eb.fn.sum<number>('no_app').as('n'))
      .where('venue_id', '=', venueId)
      .where('slot', '>=', slotOf(localTime(16, 0)))
      .where('slot', '<', slotOf(localTime(23, 0)))
      .executeTakeFirstOrThrow();
    return { unique: Number(u.n ?? 0), noApp: Number(t.n ?? 0) };
  }

  it('issue, submit and amend, one of two with the missing venue listed, compiled PDF checked against the database', async () => {
    // The district official issues the request.
    const official = await ui.open();
    await signIn(official.page, 'vhtt_thanhxuan');
    await official.page.getByRole('link', { name: 'Báo cáo Bluezone' }).first().click();
    const form = official.page.getByRole('form', { name: 'Gửi yêu cầu báo cáo mới' });
    await form.getByLabel('Cấp').selectOption('district');
    await form.getByRole('textbox', { name: 'Quận, huyện' }).fill('Thanh Xuân');
    await form.getByRole('combobox').nth(1).selectOption('week');
    await form.getByLabel('Một ngày trong kỳ').fill('2026-11-16');
    await form.getByLabel('Hạn nộp (giờ Việt Nam)').fill('2026-11-23T17:00');
    await form.getByLabel('Đơn vị yêu cầu').fill('Phòng Văn hóa và Thông tin quận Thanh Xuân');
    await form.getByLabel('Số văn bản').fill('46/VH&TT');
    await official.page.screenshot({ path: join(CONSOLE_SCREENSHOTS, `campaign-new-1366x768-${backend}.png`), fullPage: true });
    await form.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    await official.page.getByTestId('campaign-counts').waitFor();
    expect(await official.page.getByTestId('campaign-counts').textContent()).toContain('Đã nộp: 0/2');
    const campaignId = official.page.url().split('#/campaigns/')[1]!;
    expect(campaignId).toMatch(/^[0-9a-f-]{36}$/);

    // Manager of the café: prefilled report, submit, then amend.
    const manager = await ui.open();
    await signIn(manager.page, 'quanly_hoasen');
    await manager.page.getByRole('link', { name: 'Báo cáo Bluezone' }).first().click();
    await manager.page.getByRole('link', { name: /Báo cáo kết quả triển khai/ }).click();
    await manager.page.getByTestId('report-days').waitFor();
    const expectedA = await dbWeek(w.a);
    expect(await manager.page.locator('[data-fig="unique_visitors"]').textContent()).toBe(String(expectedA.unique));
    expect(await manager.page.locator('[data-fig="no_app"]').textContent()).toBe(String(expectedA.noApp));
    const submitForm = manager.page.getByRole('form', { name: 'Số liệu nhân viên và nộp báo cáo' });
    await submitForm.getByLabel('Số nhân viên có điện thoại thông minh').fill('20');
    await submitForm.getByLabel('Số nhân viên đã cài Bluezone').fill('15');
    await submitForm.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await manager.page.getByText('Đã nộp bản lần 1.').waitFor();
    await submitForm.getByLabel('Số nhân viên có điện thoại thông minh').fill('22');
    await submitForm.getByLabel('Số nhân viên đã cài Bluezone').fill('19');
    await submitForm.getByRole('button', { name: 'Nộp bản sửa' }).click();
    await manager.page.getByText('Đã nộp bản lần 2.').waitFor();
    await manager.page.getByTestId('report-versions').locator('li').nth(1).waitFor();
    expect(await manager.page.getByTestId('report-versions').locator('li').count()).toBe(2);
    await manager.page.screenshot({ path: join(CONSOLE_SCREENSHOTS, `campaign-manager-1366x768-${backend}.png`), fullPage: true });

    // The official: one of two, the school listed as missing.
    await official.page.reload();
    await official.page.getByTestId('campaign-counts').waitFor();
    const counts = await official.page.getByTestId('campaign-counts').textContent();
    expect(counts).toContain('Đã nộp: 1/2');
    expect(counts).toContain('Chưa nộp: 1');
    const missing = official.page.getByTestId('campaign-venues').locator('tr[data-status="missing"]');
    expect(await missing.count()).toBe(1);
    expect(await missing.textContent()).toContain('Trường THCS Nhân Chính');
    await official.page.screenshot({ path: join(CONSOLE_SCREENSHOTS, `campaign-official-1366x768-${backend}.png`), fullPage: true });

    // One action: the compiled PDF.
    const [download] = await Promise.all([official.page.waitForEvent('download'), official.page.getByRole('link', { name: 'Tổng hợp báo cáo (PDF)' }).click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdfToPngs(pdf, CONSOLE_SCREENSHOTS, `campaign-compiled-pdf-${backend}`);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    const text = squash(pdfText(pdf));
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('V/v báo cáo kết quả triển khai, vận động cài đặt ứng dụng Bluezone');
    expect(text).toContain('Kính gửi: Sở Thông tin và Truyền thông Hà Nội');
    expect(text).toContain('Nơi nhận:');
    expect(text).toContain('Đã nộp: 1/2 đơn vị; chưa nộp (còn hạn): 1; quá hạn chưa nộp: 0.');
    expect(text).toContain('Trường THCS Nhân Chính (Nhân Chính, Thanh Xuân).');
    // Figures against the database: the submitted totals are the café's week; the kiosk
    // totals cover both venues.
    const expectedB = await dbWeek(w.b);
    expect(text).toContain(`2. Kết quả theo báo cáo của các đơn vị đã nộp: - Lượt khách có Bluezone (ước tính): ${expectedA.unique};`);
    expect(text).toContain(`Lượt khách không có ứng dụng: ${expectedA.noApp};`);
    expect(text).toContain(`Lượt khách có Bluezone (ước tính): ${expectedA.unique + expectedB.unique}; lượt khách không có ứng dụng: ${expectedA.noApp + expectedB.noApp};`);
    expect(text).toContain('đã cài Bluezone: 19 (86,36 %)');
    const rate = (u: number, n: number) => `${((Math.round((u / (u + n)) * 10_000) / 10_000) * 100).toFixed(2).replace('.', ',')} %`;
    expect(text).toContain(`Tỷ lệ cài đặt: ${rate(expectedA.unique, expectedA.noApp)}.`);
  });

  it('the school’s manager enters staff figures once: the venue’s own week report (PDF) and the campaign form carry them; impossible figures change nothing', async () => {
    const { page } = await ui.open();
    await signIn(page, 'quanly_nhanchinh');
    await page.getByRole('link', { name: 'Báo cáo Bluezone' }).first().waitFor();
    await page.goto(`${ui.server.url}/console/#/venues/${w.b}`);
    const staff = page.getByTestId('staff-figures');
    await staff.getByText('Chưa nhập số liệu cán bộ, nhân viên').waitFor();
    await staff.getByLabel('Số nhân viên có điện thoại thông minh').fill('5');
    await staff.getByLabel('Số nhân viên đã cài Bluezone').fill('9');
    await staff.getByRole('button', { name: 'Lưu số liệu' }).click();
    await staff.getByRole('alert').getByText('không thể lớn hơn').waitFor();
    const db = ui.server.app.services.database.db;
    expect(await db.selectFrom('venue_staff_figures').selectAll().where('venue_id', '=', w.b).execute()).toEqual([]);

    await staff.getByLabel('Số nhân viên có điện thoại thông minh').fill('30');
    await staff.getByLabel('Số nhân viên đã cài Bluezone').fill('24');
    await staff.getByRole('button', { name: 'Lưu số liệu' }).click();
    await staff.getByText('Đã lưu.').waitFor();
    expect(await page.getByTestId('staff-figures-current').textContent()).toContain('30 người có điện thoại thông minh, 24 người đã cài Bluezone (80,00 %).');
    await page.screenshot({ path: join(CONSOLE_SCREENSHOTS, `venue-report-staff-1366x768-${backend}.png`), fullPage: true });

    const report = page.getByTestId('venue-report');
    await report.getByLabel('Kỳ báo cáo').selectOption('week');
    await report.getByLabel('Ngày trong kỳ').fill('2026-11-18');
    const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('link', { name: 'Báo cáo (PDF)' }).click()]);
    const text = squash(pdfText(readFileSync((await download.path())!)));
    expect(text).toContain('TRƯỜNG THCS NHÂN CHÍNH');
    expect(text).toContain('từ ngày 16/11/2026 đến ngày 22/11/2026');
    expect(text).toContain('Số người có điện thoại thông minh: 30.');
    expect(text).toContain('Số người đã cài đặt Bluezone: 24 (80,00 %).');
    const expectedB = await dbWeek(w.b);
    expect(text).toContain(`Lượt khách không có ứng dụng (nhân viên đếm tại cửa): ${expectedB.noApp}.`);

    // The campaign's form starts from them.
    await page.goto(`${ui.server.url}/console/#/campaigns`);
    await page.getByRole('link', { name: /Báo cáo kết quả triển khai/ }).click();
    const form = page.getByRole('form', { name: 'Số liệu nhân viên và nộp báo cáo' });
    await expect.poll(() => form.getByLabel('Số nhân viên có điện thoại thông minh').inputValue()).toBe('30');
    expect(await form.getByLabel('Số nhân viên đã cài Bluezone').inputValue()).toBe('24');
  });

  it('lists campaigns a page at a time: “Tải thêm” appends the next page once, with no row twice, and goes when the last page is shown', async () => {
    // 120 campaigns for the district (with any issued above, more than one page of 100).
    for (let i = 0; i < 120; i++) {
      await ui.server.app.services.campaigns.create(
        {
          title: `Báo cáo tuần số ${i + 1}`,
          level: 'district',
          province: 'Hà Nội',
          district: 'Thanh Xuân',
          ward: null,
          venue_kinds: '',
          period_kind: 'week',
          period_from: '2026-11-16',
          period_to: '2026-11-22',
          deadline_at: NOW_MS + 7 * 86_400_000,
          issuer_unit: 'Phòng Văn hóa và Thông tin quận Thanh Xuân',
          document_number: `${i + 1}/VH&TT`,
          created_by: 'vhtt_thanhxuan',
        },
        [w.a],
        NOW_MS + 60_000 + i,
      );
    }
    const total = Number((await ui.server.app.services.database.db.selectFrom('report_campaigns').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(total).toBeGreaterThan(100);
    const { page } = await ui.open();
    await signIn(page, 'vhtt_thanhxuan');
    await page.getByRole('link', { name: 'Báo cáo Bluezone' }).first().click();
    const rows = page.getByTestId('campaigns').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(100);
    await page.getByTestId('campaigns-load-more').click();
    await expect.poll(() => rows.count()).toBe(total);
    expect(await page.getByTestId('campaigns-load-more').count()).toBe(0);
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-campaign')));
    expect(new Set(ids).size).toBe(total);
    // Newest first: the last one issued heads the list.
    expect(await rows.first().textContent()).toContain('Báo cáo tuần số 120');
  });
});
