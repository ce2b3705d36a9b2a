// Reporting campaigns: an official issues a request to the venues of an area; managers
// review the prefilled report, add staff figures and submit (amendable until the deadline,
// every version kept and audited); the official follows who submitted and compiles the
// area's report. Kiosks fetch the open requests for their venue to remind staff.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { IdParams, PAGE_LIMIT_DEFAULT } from '../../shared/api/server-api.js';
import {
  Campaign,
  CampaignList,
  CampaignListQuery,
  CampaignOverview,
  CampaignVenueParams,
  CampaignVenueReport,
  CreateCampaignRequest,
  KioskReportRequestsResponse,
  REPORT_API,
  SubmitReportRequest,
} from '../../shared/api/report-api.js';
import { formatDayVi, formatLocalDateTimeVi, localDayNumber, localDayOf } from '../../shared/domain/report-period.js';
import { routeSchema } from '../http/route-schema.js';
import { ApiError, badRequest, notFound } from '../http/api-error.js';
import { provinceOf, requireProvince, userOf } from '../auth/guards.js';
import { KIOSK, users } from '../http/access.js';
import { cursorAfter, pageOf, parseCursor } from '../http/paging.js';
import type { Principal } from '../repositories/users-repo.js';
import type { CampaignRow } from '../repositories/campaigns-repo.js';
import type { Services } from '../services.js';
import { buildVenueReport, hasData, periodSlots } from '../reports/venue-report.js';
import { campaignPeriod, campaignView, compileCampaign, parseSubmittedReport, parseTotals } from '../reports/campaign-report.js';
import { campaignReportCsv, venueReportCsv } from '../reports/report-csv.js';
import { campaignReportPdf, venueReportPdf } from '../reports/report-pdf.js';
import { attachmentName } from '../reports/file-names.js';
import { checkStaffFigures, noDataError, requestedPeriod } from './report-routes.js';

/** Officials who issue and follow campaigns: ICT officers in their province, and admins. */
const OFFICIALS = users(['admin', 'ict_officer'], 'area');
/** Who may read a venue's answer: those officials, and the venue's own managers. */
const VENUE_READERS = users(['admin', 'ict_officer', 'venue_manager'], 'area');

type IdReq = { Params: Static<typeof IdParams> };
type VenueReq = { Params: Static<typeof CampaignVenueParams> };

export async function campaignRoutes(app: FastifyInstance): Promise<void> {
  const s: Services = app.services;
  const clock = () => ({ now: s.now(), retentionDays: s.config.retentionDays });

  async function officialCampaign(req: FastifyRequest<IdReq>): Promise<{ p: Principal; c: CampaignRow }> {
    const p = userOf(req);
    const c = await s.campaigns.get(req.params.id);
    const own = provinceOf(p);
    if (!c || (own !== null && c.province !== own)) throw notFound('campaign');
    return { p, c };
  }

  /** The campaign and venue, if the caller may see that venue's answer to it. */
  async function venueInCampaign(req: FastifyRequest<VenueReq>) {
    const p = userOf(req);
    const c = await s.campaigns.get(req.params.id);
    const v = await s.venues.get(req.params.venueId);
    const own = provinceOf(p);
    const visible = c && v && (p.role === 'venue_manager' ? p.venueIds.includes(v.id) : own === null || c.province === own);
    if (!c || !v || !visible) throw notFound('venue or campaign (not among the venues and campaigns you can see)');
    if (!(await s.campaigns.asks(c.id, v.id))) throw notFound('venue in this campaign');
    return { p, c, v };
  }

  async function venueAnswer(c: CampaignRow, v: NonNullable<Awaited<ReturnType<typeof s.venues.get>>>) {
    const now = s.now();
    const [report, rows] = await Promise.all([buildVenueReport(s, v, campaignPeriod(c), clock()), s.campaigns.versions(c.id, v.id)]);
    const versions = rows.map((r) => ({
      version: r.version,
      staff_smartphone: r.staff_smartphone,
      staff_bluezone: r.staff_bluezone,
      note: r.note,
      figures: parseTotals(r.totals),
      submitted_by: r.submitted_by,
      submitted_at: r.submitted_at,
    }));
    const closed = now >= c.deadline_at;
    return {
      campaign: campaignView(c, now),
      report,
      status: versions.length > 0 ? ('submitted' as const) : closed ? ('late' as const) : ('missing' as const),
      versions,
      can_submit: !closed,
      latest: rows.at(-1),
    };
  }

  app.post<{ Body: Static<typeof CreateCampaignRequest> }>(
    REPORT_API.campaigns,
    { config: { access: OFFICIALS }, schema: routeSchema({ tags: ['campaigns'], summary: 'Issue a report request to the venues of an area', security: 'bearer', body: CreateCampaignRequest, response: { 201: Campaign } }) },
    async (req, reply) => {
      const p = userOf(req);
      const b = req.body;
      requireProvince(p, b.province);
      const district = b.district ?? null;
      const ward = b.ward ?? null;
      if ((b.level === 'province' && (district !== null || ward !== null)) || (b.level === 'district' && (district === null || ward !== null)) || (b.level === 'ward' && (district === null || ward === null))) {
        throw badRequest('invalid_area', 'a province campaign names no district or ward; a district campaign names its district; a ward campaign names its district and ward');
      }
      const now = s.now();
      if (b.deadline_at <= now) {
        throw new ApiError(422, 'deadline_in_past', `Hạn nộp ${formatLocalDateTimeVi(b.deadline_at)} đã qua / the deadline is in the past`);
      }
      const period = requestedPeriod(b.period, b.date, now);
      const kinds = b.venue_kinds ?? [];
      const filter = { province: b.province, district, ward, kinds };
      const venues = await s.campaigns.matchingVenues(filter);
      if (venues.length === 0) throw new ApiError(422, 'no_venues_in_scope', 'Không có đơn vị nào thuộc địa bàn và loại hình đã chọn / no venue matches this area and kind');
      const ps = periodSlots(period);
      const ended = localDayNumber(period.to)! < localDayOf(now);
      if (ended && !(await s.reportData.areaHasData(filter, period.from, period.to, { fromSlot: ps.fromSlot, toSlot: ps.toSlot }))) {
        throw new ApiError(422, 'period_no_data', `Không có số liệu nào của các đơn vị đã chọn từ ${formatDayVi(period.from)} đến ${formatDayVi(period.to)} / no venue in this area has data for the period`);
      }
      const title = b.title?.trim() || `Báo cáo kết quả triển khai, vận động cài đặt ứng dụng Bluezone từ ${formatDayVi(period.from)} đến ${formatDayVi(period.to)}`;
      const id = await s.campaigns.create(
        {
          title,
          level: b.level,
          province: b.province,
          district,
          ward,
          venue_kinds: kinds.join(','),
          period_kind: period.kind,
          period_from: period.from,
          period_to: period.to,
          deadline_at: b.deadline_at,
          issuer_unit: b.issuer_unit,
          document_number: b.document_number,
          created_by: p.id,
        },
        venues.map((v) => v.id),
        now,
      );
      await s.audit.write(p, 'campaign.create', id, { level: b.level, province: b.province, district, ward, venues: venues.length, period: `${period.from}..${period.to}`, deadline_at: b.deadline_at }, now);
      return reply.status(201).send(campaignView((await s.campaigns.get(id))!, now));
    },
  );

  app.get<{ Querystring: Static<typeof CampaignListQuery> }>(
    REPORT_API.campaigns,
    { config: { access: users(['admin', 'ict_officer', 'venue_manager'], 'area') }, schema: routeSchema({ tags: ['campaigns'], summary: 'Campaigns you issued (officials) or that ask your venues (managers), one page at a time', security: 'bearer', querystring: CampaignListQuery, response: { 200: CampaignList } }) },
    async (req) => {
      const p = userOf(req);
      const limit = req.query.limit ?? PAGE_LIMIT_DEFAULT;
      const c = req.query.cursor === undefined ? undefined : parseCursor(req.query.cursor, 4_102_444_800_000);
      const after = c && { createdAt: c.value, id: c.id };
      const rows = p.role === 'venue_manager' ? await s.campaigns.listForVenues(p.venueIds, limit + 1, after) : await s.campaigns.listByProvince(provinceOf(p), limit + 1, after);
      const page = pageOf(rows, limit, (r) => cursorAfter(r.created_at, r.id));
      const now = s.now();
      return { campaigns: page.rows.map((r) => campaignView(r, now)), next_cursor: page.next };
    },
  );

  app.get<IdReq>(
    REPORT_API.campaign,
    { config: { access: OFFICIALS }, schema: routeSchema({ tags: ['campaigns'], summary: 'Submitted, missing and late venues, area totals and ranking', security: 'bearer', params: IdParams, response: { 200: CampaignOverview } }) },
    async (req) => {
      const { c } = await officialCampaign(req);
      return compileCampaign(s.campaigns, s.reportData, c, clock());
    },
  );

  app.get<IdReq>(
    REPORT_API.campaignCsv,
    { config: { access: OFFICIALS }, schema: routeSchema({ tags: ['campaigns'], summary: 'The area’s compiled report as CSV', security: 'bearer', params: IdParams, response: { 200: Type.String() } }) },
    async (req, reply) => {
      const { c } = await officialCampaign(req);
      const o = await compileCampaign(s.campaigns, s.reportData, c, clock());
      return reply.type('text/csv; charset=utf-8').header('content-disposition', attachmentName(`bao-cao-tong-hop-${c.period_from}-${c.period_to}.csv`)).send(campaignReportCsv(o));
    },
  );

  app.get<IdReq>(
    REPORT_API.campaignPdf,
    { config: { access: OFFICIALS }, schema: routeSchema({ tags: ['campaigns'], summary: 'The area’s compiled report as a PDF in the administrative form', security: 'bearer', params: IdParams, response: { 200: Type.Unknown() } }) },
    async (req, reply) => {
      const { p, c } = await officialCampaign(req);
      const now = s.now();
      const o = await compileCampaign(s.campaigns, s.reportData, c, clock());
      const pdf = await campaignReportPdf(o, now);
      await s.audit.write(p, 'campaign.compile', c.id, { submitted: o.counts.submitted, venues: o.counts.venues }, now);
      return reply.type('application/pdf').header('content-disposition', attachmentName(`bao-cao-tong-hop-${c.period_from}-${c.period_to}.pdf`)).send(Buffer.from(pdf));
    },
  );

  app.get<VenueReq>(
    REPORT_API.campaignVenue,
    { config: { access: VENUE_READERS }, schema: routeSchema({ tags: ['campaigns'], summary: 'A venue’s prefilled report for a campaign, with every submitted version', security: 'bearer', params: CampaignVenueParams, response: { 200: CampaignVenueReport } }) },
    async (req) => {
      const { c, v } = await venueInCampaign(req);
      const { latest: _latest, ...answer } = await venueAnswer(c, v);
      return answer;
    },
  );

  app.get<VenueReq>(
    `${REPORT_API.campaignVenue}/report.pdf`,
    { config: { access: VENUE_READERS }, schema: routeSchema({ tags: ['campaigns'], summary: 'The venue’s latest submitted report (else the prefilled one) as a PDF', security: 'bearer', params: CampaignVenueParams, response: { 200: Type.Unknown() } }) },
    async (req, reply) => {
      const { c, v } = await venueInCampaign(req);
      const a = await venueAnswer(c, v);
      const report = a.latest ? parseSubmittedReport(a.latest.figures) : a.report;
      // Not yet submitted: the venue's entered staff figures, if any, prefill the draft.
      const staff = a.latest ? { staff_smartphone: a.latest.staff_smartphone, staff_bluezone: a.latest.staff_bluezone, version: a.latest.version, submitted_at: a.latest.submitted_at } : (report.staff ?? undefined);
      const pdf = await venueReportPdf(report, { recipient: c.issuer_unit, request: { issuer_unit: c.issuer_unit, document_number: c.document_number }, ...(staff ? { staff } : {}) });
      return reply.type('application/pdf').header('content-disposition', attachmentName(`bao-cao-bluezone-${c.period_from}-${c.period_to}.pdf`)).send(Buffer.from(pdf));
    },
  );

  app.get<VenueReq>(
    `${REPORT_API.campaignVenue}/report.csv`,
    { config: { access: VENUE_READERS }, schema: routeSchema({ tags: ['campaigns'], summary: 'The venue’s latest submitted report (else the prefilled one) as CSV', security: 'bearer', params: CampaignVenueParams, response: { 200: Type.String() } }) },
    async (req, reply) => {
      const { c, v } = await venueInCampaign(req);
      const a = await venueAnswer(c, v);
      const report = a.latest ? parseSubmittedReport(a.latest.figures) : a.report;
      const csv = venueReportCsv(report, a.latest ? { staff_smartphone: a.latest.staff_smartphone, staff_bluezone: a.latest.staff_bluezone } : (report.staff ?? undefined));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', attachmentName(`bao-cao-bluezone-${c.period_from}-${c.period_to}.csv`)).send(csv);
    },
  );

  app.post<VenueReq & { Body: Static<typeof SubmitReportRequest> }>(
    REPORT_API.campaignVenueSubmissions,
    {
      config: { access: users(['venue_manager'], 'area') },
      schema: routeSchema({ tags: ['campaigns'], summary: 'Submit or amend the venue’s report (venue manager, until the deadline)', security: 'bearer', params: CampaignVenueParams, body: SubmitReportRequest, response: { 201: CampaignVenueReport } }),
    },
    async (req, reply) => {
      const p = userOf(req);
      const { c, v } = await venueInCampaign(req);
      const b = req.body;
      checkStaffFigures(b);
      const now = s.now();
      if (now >= c.deadline_at) throw closedError(c.deadline_at);
      const report = await buildVenueReport(s, v, campaignPeriod(c), clock());
      if (!hasData(report)) throw noDataError(v.name, campaignPeriod(c));
      const out = await s.campaigns.submit(
        { campaign_id: c.id, venue_id: v.id, staff_smartphone: b.staff_smartphone, staff_bluezone: b.staff_bluezone, note: b.note ?? '', totals: JSON.stringify(report.totals), figures: JSON.stringify(report), submitted_by: p.username, submitted_at: now },
        now,
      );
      if (!out.ok) {
        if (out.reason === 'closed') throw closedError(c.deadline_at);
        throw new ApiError(409, 'submission_conflict', 'another submission of this venue’s report was saved at the same moment; reload and submit again');
      }
      // What the manager signed is also the venue's current staff figures, for its next reports.
      await s.staffFigures.record({ venue_id: v.id, staff_smartphone: b.staff_smartphone, staff_bluezone: b.staff_bluezone, recorded_by: p.username, recorded_at: now });
      await s.audit.write(p, 'report.submit', `${c.id}/${v.id}`, { version: out.version, staff_smartphone: b.staff_smartphone, staff_bluezone: b.staff_bluezone, unique_visitors: report.totals.unique_visitors, no_app: report.totals.no_app }, now);
      const { latest: _latest, ...answer } = await venueAnswer((await s.campaigns.get(c.id))!, v);
      return reply.status(201).send(answer);
    },
  );

  app.get(
    REPORT_API.kioskRequests,
    {
      config: { access: KIOSK },
      schema: routeSchema({ tags: ['kiosk'], summary: 'Open report requests this kiosk’s venue has not answered', security: 'kiosk', response: { 200: KioskReportRequestsResponse } }),
    },
    async (req) => {
      const kiosk = req.kiosk!;
      const rows = await s.campaigns.openRequests(kiosk.venue_id, s.now());
      return {
        requests: rows.map((c) => ({ campaign_id: c.id, title: c.title, issuer_unit: c.issuer_unit, period: { kind: campaignPeriod(c).kind, from: c.period_from, to: c.period_to }, deadline_at: c.deadline_at })),
      };
    },
  );
}

function closedError(deadline: number): ApiError {
  return new ApiError(409, 'campaign_closed', `Đã quá hạn nộp (${formatLocalDateTimeVi(deadline)}); báo cáo không thể nộp hoặc sửa nữa / the deadline has passed; the report is frozen`);
}
