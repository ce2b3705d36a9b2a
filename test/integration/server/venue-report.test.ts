// A venue's report per local day/week/month: figures against the rows written, local-day
// boundaries, install rate by the shared formula, uptime and gaps from the contact log, CSV
// and the PDF's text (pdftotext), on every available database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './helpers/backends.js';
import { bearer, createUser, startTestServer, type TestServer } from './helpers/test-server.js';
import { NOW_MS, buildReportWorld, localTime, type ReportWorld } from './helpers/report-fixture.js';
import type { VenueReport } from '../../../shared/api/report-api.js';
import { pdfFonts, pdfText } from './helpers/pdf-tools.js';

describe.each(BACKENDS)('venue report on %s', (backend) => {
  let s: TestServer;
  let w: ReportWorld;
  let manager: string;
  let outsider: string;
  let official: string;

  beforeAll(async () => {
    s = await startTestServer(backend);
    w = await buildReportWorld(s);
    manager = await createUser(s, 'manager_a', 'venue_manager', { venueIds: [w.a] });
    outsider = await createUser(s, 'manager_far', 'venue_manager', { venueIds: [w.faraway] });
    official = await createUser(s, 'ict_hn', 'ict_officer', { province: 'Hà Nội' });
  }, 180_000);
  afterAll(async () => s.close());

  const get = (token: string, url: string) => s.app.inject({ method: 'GET', url, headers: bearer(token) });

  it('sums the week per local day: estimates and device-slots apart, tallies on the local day, the shared install rate', async () => {
    const r = await get(manager, `/v1/venues/${w.a}/report?period=week&date=2026-11-18`);
    expect(r.statusCode).toBe(200);
    const rep = r.json() as VenueReport;
    expect(rep.period).toEqual({ kind: 'week', from: '2026-11-16', to: '2026-11-22' });
    expect(rep.days.map((d) => d.day)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']);
    expect(rep.days.slice(0, 3).map((d) => [d.unique_visitors, d.device_slots, d.no_app, d.helped_install, d.install_rate])).toEqual([
      [40, 120, 10, 2, 0.8],
      [50, 150, 5, 1, 0.9091],
      [60, 170, 0, 0, 1],
    ]);
    expect(rep.days[3]!.install_rate).toBeNull();
    expect(rep.totals).toMatchObject({ unique_visitors: 150, device_slots: 440, no_app: 15, helped_install: 3, install_rate: 0.9091, days_with_data: 3, kiosks: 1 });
    expect(rep.install_rate_method.vi).toContain('Tỷ lệ cài đặt');
  });

  it('measures uptime from the contact log: 8 missing slots out of 452, one two-hour gap, no figure for days still ahead', async () => {
    const rep = (await get(manager, `/v1/venues/${w.a}/report?period=week&date=2026-11-18`)).json() as VenueReport;
    expect(rep.totals.uptime_measured_slots).toBe(4 * 96 + 68);
    expect(rep.totals.uptime_covered_slots).toBe(4 * 96 + 68 - 8);
    expect(rep.totals.uptime_ratio).toBe(0.9823);
    expect(rep.gaps).toEqual([{ from: localTime(17, 8), to: localTime(17, 10), minutes: 120 }]);
    expect(rep.days.map((d) => d.uptime_ratio)).toEqual([1, 0.9167, 1, 1, 1, null, null]);
  });

  it('a day and a month are local periods too', async () => {
    const day = (await get(manager, `/v1/venues/${w.a}/report?period=day&date=2026-11-17`)).json() as VenueReport;
    expect(day.totals).toMatchObject({ unique_visitors: 50, no_app: 5, helped_install: 1 });
    const month = (await get(manager, `/v1/venues/${w.a}/report?period=month&date=2026-11-05`)).json() as VenueReport;
    expect(month.period).toEqual({ kind: 'month', from: '2026-11-01', to: '2026-11-30' });
    // The tally at 23:30 on the 15th (local) belongs to the month but not to the week.
    expect(month.totals).toMatchObject({ unique_visitors: 150, no_app: 114, helped_install: 102 });
  });

  it('CSV: BOM, named columns, one row per day and a totals row', async () => {
    const r = await get(official, `/v1/venues/${w.a}/report.csv?period=week&date=2026-11-16`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.body.startsWith('\uFEFF')).toBe(true);
    const lines = r.body.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(1 + 7 + 1);
    expect(lines[0]).toContain('unique_visitors_estimate,device_slots_not_people,no_app_staff_tally');
    expect(lines[1]).toContain('Quán Cà Phê Hoa Sen,Hà Nội,Thanh Xuân,Khương Trung,2026-11-16,40,120,10,2,0.8000');
    expect(lines[8]).toContain('2026-11-16..2026-11-22,150,440,15,3,0.9091,0.9823');
  });

  it('PDF: the administrative form with its figures, fonts embedded', async () => {
    const r = await get(manager, `/v1/venues/${w.a}/report.pdf?period=week&date=2026-11-16`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const pdf = r.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'QUÁN CÀ PHÊ HOA SEN', 'V/v báo cáo kết quả triển khai, vận', 'Kính gửi: Ủy ban nhân dân Thanh Xuân', 'Nơi nhận:', 'THỦ TRƯỞNG ĐƠN VỊ']) {
      expect(text).toContain(s);
    }
    expect(text).toMatch(/Lượt khách có Bluezone[^:]*:\s*150\./);
    expect(text).toMatch(/Tỷ lệ cài đặt: 90,91 %/);
    expect(text).toMatch(/Tổng cộng\s+150\s+440\s+15\s+3\s+90,91 %\s+98,23 %/);
    const fonts = pdfFonts(pdf);
    expect(fonts).toMatch(/BeVietnamPro-Regular\S*\s+CID TrueType\s+Identity-H\s+yes/);
    expect(fonts).toMatch(/BeVietnamPro-Bold\S*\s+CID TrueType\s+Identity-H\s+yes/);
  });

  it('refuses a period with no data, a period not yet begun, a bad date and a venue outside scope, each with a clear message', async () => {
    const none = await get(manager, `/v1/venues/${w.a}/report?period=week&date=2026-11-02`);
    expect(none.statusCode).toBe(422);
    expect(none.json().error.code).toBe('period_no_data');
    expect(none.json().error.message).toContain('Không có số liệu');
    const ahead = await get(manager, `/v1/venues/${w.a}/report?period=day&date=2026-11-21`);
    expect(ahead.json().error.code).toBe('period_in_future');
    expect((await get(manager, `/v1/venues/${w.a}/report?period=day&date=2026-02-30`)).json().error.code).toBe('invalid_day');
    expect((await get(manager, `/v1/venues/${w.a}/report?period=year&date=2026-11-16`)).statusCode).toBe(400);
    const out = await get(outsider, `/v1/venues/${w.a}/report.pdf?period=week&date=2026-11-16`);
    expect(out.statusCode).toBe(404);
    const anon = await s.app.inject({ method: 'GET', url: `/v1/venues/${w.a}/report?period=week&date=2026-11-16` });
    expect(anon.statusCode).toBe(401);
  });

  // Last: it enters staff figures, which later reports of venue A would show.
  it('staff figures: entered by the manager, each report shows those in force at its end (CSV and PDF too); bad figures and outsiders change nothing', async () => {
    const post = (token: string, payload: Record<string, unknown>) => s.app.inject({ method: 'POST', url: `/v1/venues/${w.a}/staff-figures`, headers: bearer(token), payload });
    const staffOf = async (period: string, date: string) => ((await get(manager, `/v1/venues/${w.a}/report?period=${period}&date=${date}`)).json() as VenueReport).staff;
    expect(await staffOf('day', '2026-11-17')).toBeNull();
    expect(pdfText((await get(manager, `/v1/venues/${w.a}/report.pdf?period=day&date=2026-11-17`)).rawPayload)).toContain('Đơn vị chưa nhập số liệu cán bộ, nhân viên.');

    s.clock.now = localTime(17, 12);
    const first = await post(manager, { staff_smartphone: 20, staff_bluezone: 12 });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ staff_smartphone: 20, staff_bluezone: 12, staff_install_rate: 0.6, recorded_by: 'manager_a', recorded_at: localTime(17, 12) });
    s.clock.now = localTime(19, 9);
    expect((await post(manager, { staff_smartphone: 22, staff_bluezone: 18 })).statusCode).toBe(201);
    s.clock.now = NOW_MS;

    const tooMany = await post(manager, { staff_smartphone: 5, staff_bluezone: 6 });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.code).toBe('staff_figures_invalid');
    expect(tooMany.json().error.message).toContain('không thể lớn hơn');
    expect((await post(manager, { staff_smartphone: -1, staff_bluezone: 0 })).statusCode).toBe(400);
    expect((await post(manager, { staff_smartphone: 3, staff_bluezone: 1, note: 'x' })).statusCode).toBe(400);
    expect((await post(outsider, { staff_smartphone: 3, staff_bluezone: 1 })).statusCode).toBe(404);
    expect((await post(official, { staff_smartphone: 3, staff_bluezone: 1 })).statusCode).toBe(403);

    const h = (await get(official, `/v1/venues/${w.a}/staff-figures`)).json();
    expect(h.current).toMatchObject({ staff_smartphone: 22, staff_bluezone: 18, recorded_at: localTime(19, 9) });
    expect(h.history.map((x: { staff_smartphone: number }) => x.staff_smartphone)).toEqual([22, 20]);
    expect((await get(outsider, `/v1/venues/${w.a}/staff-figures`)).statusCode).toBe(404);

    // The 16th ended before any entry; the 17th ended with the first; the week still runs: the latest.
    expect(await staffOf('day', '2026-11-16')).toBeNull();
    expect(await staffOf('day', '2026-11-17')).toMatchObject({ staff_smartphone: 20, staff_bluezone: 12, staff_install_rate: 0.6 });
    expect(await staffOf('week', '2026-11-18')).toMatchObject({ staff_smartphone: 22, staff_bluezone: 18, staff_install_rate: 0.8182 });
    const csv = (await get(official, `/v1/venues/${w.a}/report.csv?period=week&date=2026-11-16`)).body.trim().split('\r\n');
    expect(csv.at(-1)).toMatch(/^.*2026-11-16\.\.2026-11-22,.*,22,18$/);
    expect(csv[1]).toMatch(/,,$/);
    const text = pdfText((await get(manager, `/v1/venues/${w.a}/report.pdf?period=week&date=2026-11-16`)).rawPayload);
    expect(text).toContain('Số người có điện thoại thông minh: 22.');
    expect(text).toMatch(/Số người đã cài đặt Bluezone: 18 \(81,82 %\)\./);
    expect(text).toContain('Số liệu do đơn vị cập nhật lúc');
    const audit = await s.app.services.database.db.selectFrom('audit_log').select(['username', 'target']).where('action', '=', 'venue.staff_figures').execute();
    expect(audit).toEqual([
      { username: 'manager_a', target: w.a },
      { username: 'manager_a', target: w.a },
    ]);
  });
});
