// Reporting campaigns end to end through the API, on every available database: a district
// official asks the district's venues; kiosks see the request until their venue answers; one
// manager submits and amends (each version kept and audited), the other does not; the
// official sees one of two with the missing venue listed, the totals and the ranking, and
// compiles the district's report; after the deadline everything is frozen. Bad input is
// refused with a clear message and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './helpers/backends.js';
import { bearer, createUser, signedInject, startTestServer, type TestServer } from './helpers/test-server.js';
import { buildReportWorld, countRows, HOUR, localTime, type ReportWorld } from './helpers/report-fixture.js';
import { pdfText, squash } from './helpers/pdf-tools.js';
import type { Campaign, CampaignOverview, CampaignVenueReport } from '../../../shared/api/report-api.js';

describe.each(BACKENDS)('report campaigns on %s', (backend) => {
  let s: TestServer;
  let w: ReportWorld;
  let official: string;
  let managerA: string;
  let managerB: string;
  let managerOther: string;

  // One world for the file (scrypt logins are slow on a shared machine); each test issues its
  // own campaign, and the test that moves the clock past a deadline runs last.
  beforeAll(async () => {
    s = await startTestServer(backend);
    w = await buildReportWorld(s);
    official = await createUser(s, 'ict_hn', 'ict_officer', { province: 'Hà Nội' });
    managerA = await createUser(s, 'manager_a', 'venue_manager', { venueIds: [w.a] });
    managerB = await createUser(s, 'manager_b', 'venue_manager', { venueIds: [w.b] });
    managerOther = await createUser(s, 'manager_other', 'venue_manager', { venueIds: [w.other] });
  }, 180_000);
  afterAll(async () => s.close());

  const deadline = () => localTime(23, 17);
  const district = (over: Record<string, unknown> = {}) => ({
    level: 'district',
    province: 'Hà Nội',
    district: 'Thanh Xuân',
    period: 'week',
    date: '2026-11-16',
    deadline_at: deadline(),
    issuer_unit: 'Phòng Văn hóa và Thông tin quận Thanh Xuân',
    document_number: '46/VH&TT',
    ...over,
  });
  const post = (token: string, url: string, payload: unknown) => s.app.inject({ method: 'POST', url, headers: bearer(token), payload: payload as object });
  const get = (token: string, url: string) => s.app.inject({ method: 'GET', url, headers: bearer(token) });
  const submit = (token: string, campaign: string, venue: string, staff_smartphone: number, staff_bluezone: number) =>
    post(token, `/v1/report-campaigns/${campaign}/venues/${venue}/submissions`, { staff_smartphone, staff_bluezone });

  async function issue(): Promise<Campaign> {
    const r = await post(official, '/v1/report-campaigns', district());
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as Campaign;
  }

  it('runs the chain: request, kiosk reminder, submit and amend, one of two, compiled CSV and PDF', async () => {
    const c = await issue();
    expect(c).toMatchObject({ level: 'district', venue_count: 2, submitted_count: 0, closed: false, period: { kind: 'week', from: '2026-11-16', to: '2026-11-22' } });
    expect(c.title).toContain('16/11/2026');

    // Both kiosks of the district see the request; the kiosk in Hoàn Kiếm is not asked.
    const reqA = await signedInject(s, w.kioskA, 'GET', '/v1/kiosk/report-requests');
    expect(reqA.statusCode).toBe(200);
    expect(reqA.json().requests).toEqual([{ campaign_id: c.id, title: c.title, issuer_unit: c.issuer_unit, period: c.period, deadline_at: deadline() }]);
    expect((await signedInject(s, w.kioskB, 'GET', '/v1/kiosk/report-requests')).json().requests).toHaveLength(1);

    // Managers see the campaign; A's report is prefilled from the kiosk's data.
    expect((await get(managerA, '/v1/report-campaigns')).json().campaigns.map((x: Campaign) => x.id)).toEqual([c.id]);
    expect((await get(managerOther, '/v1/report-campaigns')).json().campaigns).toEqual([]);
    const pre = (await get(managerA, `/v1/report-campaigns/${c.id}/venues/${w.a}`)).json() as CampaignVenueReport;
    expect(pre).toMatchObject({ status: 'missing', versions: [], can_submit: true });
    expect(pre.report.totals).toMatchObject({ unique_visitors: 150, no_app: 15 });

    const v1 = await submit(managerA, c.id, w.a, 20, 15);
    expect(v1.statusCode, v1.body).toBe(201);
    s.clock.now += HOUR;
    const v2 = await submit(managerA, c.id, w.a, 22, 19);
    expect(v2.statusCode).toBe(201);
    const answer = v2.json() as CampaignVenueReport;
    expect(answer.status).toBe('submitted');
    expect(answer.versions.map((v) => [v.version, v.staff_smartphone, v.staff_bluezone, v.submitted_by])).toEqual([
      [1, 20, 15, 'manager_a'],
      [2, 22, 19, 'manager_a'],
    ]);
    const audit = await s.app.services.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'report.submit').orderBy('at').execute();
    expect(audit.map((a) => [a.username, JSON.parse(a.detail).version])).toEqual([
      ['manager_a', 1],
      ['manager_a', 2],
    ]);

    // The reminder is gone for A, still there for B.
    expect((await signedInject(s, w.kioskA, 'GET', '/v1/kiosk/report-requests')).json().requests).toEqual([]);
    expect((await signedInject(s, w.kioskB, 'GET', '/v1/kiosk/report-requests')).json().requests).toHaveLength(1);

    const o = (await get(official, `/v1/report-campaigns/${c.id}`)).json() as CampaignOverview;
    expect(o.counts).toEqual({ venues: 2, submitted: 1, missing: 1, late: 0 });
    expect(o.venues.map((v) => [v.venue.name, v.status, v.version])).toEqual([
      ['Quán Cà Phê Hoa Sen', 'submitted', 2],
      ['Trường THCS Nhân Chính', 'missing', null],
    ]);
    expect(o.submitted_totals).toMatchObject({ unique_visitors: 150, no_app: 15, helped_install: 3, install_rate: 0.9091, staff_smartphone: 22, staff_bluezone: 19, staff_install_rate: 0.8636 });
    // Kiosk totals cover both venues: A 150 + B 30 with Bluezone, 15 + 30 without.
    expect(o.kiosk_totals).toMatchObject({ unique_visitors: 180, no_app: 45, install_rate: 0.8, kiosks: 2 });
    // Wards ranked by install rate: Khương Trung 150/165, Nhân Chính 30/60.
    expect(o.ranking.map((r) => [r.rank, r.area, r.install_rate])).toEqual([
      [1, 'Khương Trung', 0.9091],
      [2, 'Nhân Chính', 0.5],
    ]);

    const csv = await get(official, `/v1/report-campaigns/${c.id}/report.csv`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(1 + 2 + 2);
    expect(lines[1]).toMatch(/Quán Cà Phê Hoa Sen,restaurant,Hà Nội,Thanh Xuân,Khương Trung,submitted,2,.*,150,440,15,3,0.9091,.*,22,19$/);
    expect(lines[2]).toMatch(/Trường THCS Nhân Chính,school,.*,missing,,,30,80,30,4,0.5000,/);
    expect(lines[3]).toMatch(/^TOTAL_SUBMITTED,1\/2,/);

    const pdf = await get(official, `/v1/report-campaigns/${c.id}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('PHÒNG VĂN HÓA VÀ THÔNG');
    expect(text).toContain('TIN QUẬN THANH XUÂN');
    expect(text).toContain('Kính gửi: Sở Thông tin và Truyền thông Hà Nội');
    expect(text).toMatch(/Đã nộp: 1\/2 đơn vị; chưa nộp \(còn hạn\): 1; quá hạn chưa nộp: 0\./);
    expect(text).toMatch(/Trường THCS Nhân Chính \(Nhân Chính, Thanh Xuân\)\./);
    expect(text).toMatch(/đã cài\s+Bluezone:\s+19\s+\(86,36\s+%\)/);
    expect(text).toMatch(/1\s+Khương Trung\s+1\s+1\s+150\s+15\s+90,91 %/);

    // The manager's own PDF of the latest version quotes the request it answers.
    const own = squash(pdfText((await get(managerA, `/v1/report-campaigns/${c.id}/venues/${w.a}/report.pdf`)).rawPayload));
    expect(own).toContain('Thực hiện văn bản số 46/VH&TT của Phòng Văn hóa và Thông tin quận Thanh Xuân');
    expect(own).toContain('Bản nộp lần 2');
  });

  it('refuses bad requests with a clear message and writes nothing', async () => {
    const c = await issue();
    const snapshot = async () => [await countRows(s, 'report_campaigns'), await countRows(s, 'report_campaign_venues'), await countRows(s, 'report_submissions')];
    const start = await snapshot();
    const cases: [string, () => ReturnType<typeof post>, number, string, string?][] = [
      ['deadline in the past', () => post(official, '/v1/report-campaigns', district({ deadline_at: s.clock.now - 1 })), 422, 'deadline_in_past', 'đã qua'],
      ['period with no data', () => post(official, '/v1/report-campaigns', district({ period: 'week', date: '2026-11-02' })), 422, 'period_no_data', 'Không có số liệu'],
      ['period not begun', () => post(official, '/v1/report-campaigns', district({ period: 'month', date: '2026-12-01' })), 422, 'period_in_future'],
      ['no venue of that kind', () => post(official, '/v1/report-campaigns', district({ venue_kinds: ['hospital'] })), 422, 'no_venues_in_scope'],
      ['district level without a district', () => post(official, '/v1/report-campaigns', district({ district: undefined })), 400, 'invalid_area'],
      ['another province', () => post(official, '/v1/report-campaigns', district({ province: 'Hồ Chí Minh', district: 'Quận 1' })), 403, 'forbidden'],
      ['a manager issuing', () => post(managerA, '/v1/report-campaigns', district()), 403, 'forbidden'],
      ['unknown field', () => post(official, '/v1/report-campaigns', district({ venues: [w.a] })), 400, 'invalid_request'],
      ['manager outside the scope', () => submit(managerOther, c.id, w.a, 10, 5), 404, 'not_found', 'not among the venues'],
      ['manager of a venue not asked', () => submit(managerOther, c.id, w.other, 10, 5), 404, 'not_found'],
      ['an official submitting', () => submit(official, c.id, w.a, 10, 5), 403, 'forbidden'],
      ['more staff with Bluezone than with a phone', () => submit(managerA, c.id, w.a, 5, 10), 400, 'staff_figures_invalid'],
      ['negative staff figure', () => submit(managerA, c.id, w.a, -1, 0), 400, 'invalid_request'],
    ];
    for (const [name, call, status, code, message] of cases) {
      const r = await call();
      expect(r.statusCode, `${name}: ${r.body}`).toBe(status);
      expect(r.json().error.code, name).toBe(code);
      if (message) expect(r.json().error.message, name).toContain(message);
    }
    expect(await snapshot()).toEqual(start);
    // Officials of another province and managers never see the campaign itself.
    const far = await createUser(s, 'ict_hcm', 'ict_officer', { province: 'Hồ Chí Minh' });
    expect((await get(far, `/v1/report-campaigns/${c.id}`)).statusCode).toBe(404);
    expect((await get(far, '/v1/report-campaigns')).json().campaigns).toEqual([]);
    expect((await get(managerA, `/v1/report-campaigns/${c.id}`)).statusCode).toBe(403);
    expect((await get(managerA, `/v1/report-campaigns/${c.id}/report.pdf`)).statusCode).toBe(403);
    expect((await s.app.inject({ method: 'GET', url: '/v1/kiosk/report-requests' })).statusCode).toBe(401);
  });

  it('refuses a submission for a venue whose kiosk has no data for the period', async () => {
    const c = (await post(official, '/v1/report-campaigns', district({ level: 'province', district: undefined, period: 'day', date: '2026-11-17' }))).json() as Campaign;
    expect(c.venue_count).toBe(3);
    const before = await countRows(s, 'report_submissions');
    const r = await submit(managerB, c.id, w.b, 4, 4);
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('period_no_data');
    expect(await countRows(s, 'report_submissions')).toBe(before);
    // A province campaign ranks districts.
    const o = (await get(official, `/v1/report-campaigns/${c.id}`)).json() as CampaignOverview;
    expect(o.ranking.map((x) => x.area)).toEqual(['Thanh Xuân', 'Hoàn Kiếm']);
  });
  it('freezes at the deadline: the missing venue becomes late and an amendment is refused, nothing changed', async () => {
    const r = await post(official, '/v1/report-campaigns', district({ deadline_at: s.clock.now + 2 * HOUR }));
    const c = r.json() as Campaign;
    expect((await submit(managerA, c.id, w.a, 20, 15)).statusCode).toBe(201);
    s.clock.now += 2 * HOUR;
    const before = await countRows(s, 'report_submissions');
    const late = await submit(managerA, c.id, w.a, 30, 30);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('campaign_closed');
    expect(late.json().error.message).toContain('Đã quá hạn nộp');
    expect((await submit(managerB, c.id, w.b, 5, 5)).json().error.code).toBe('campaign_closed');
    expect(await countRows(s, 'report_submissions')).toBe(before);
    const o = (await get(official, `/v1/report-campaigns/${c.id}`)).json() as CampaignOverview;
    expect(o.counts).toEqual({ venues: 2, submitted: 1, missing: 0, late: 1 });
    expect(o.campaign.closed).toBe(true);
    expect((await signedInject(s, w.kioskB, 'GET', '/v1/kiosk/report-requests')).json().requests.map((x: { campaign_id: string }) => x.campaign_id)).not.toContain(c.id);
  });
});
