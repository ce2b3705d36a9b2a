// A venue's report for a local day, week or month: JSON for screens, CSV and a PDF in the
// Vietnamese administrative form. Officials see venues in their province, managers their own.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { IdParams } from '../../shared/api/server-api.js';
import { REPORT_API, StaffFigures, StaffFiguresHistory, StaffFiguresRecord, VenueReport, VenueReportQuery } from '../../shared/api/report-api.js';
import { periodContaining, localDayOf, localDayNumber, type LocalPeriod } from '../../shared/domain/report-period.js';
import { routeSchema } from '../http/route-schema.js';
import { ApiError, badRequest, notFound } from '../http/api-error.js';
import { inScope, userOf } from '../auth/guards.js';
import { ALL_ROLES, users } from '../http/access.js';
import { buildVenueReport, hasData, staffRecord } from '../reports/venue-report.js';
import { venueReportCsv } from '../reports/report-csv.js';
import { venueReportPdf } from '../reports/report-pdf.js';
import { attachmentName } from '../reports/file-names.js';
import type { Services } from '../services.js';
import type { VenuesTable } from '../db/schema.js';

type Req = { Params: Static<typeof IdParams>; Querystring: Static<typeof VenueReportQuery> };

/** The period asked for; refuses a date that is not a real day or a period that has not begun. */
export function requestedPeriod(kind: LocalPeriod['kind'], date: string, now: number): LocalPeriod {
  const p = periodContaining(kind, date);
  if (!p) throw new ApiError(400, 'invalid_day', `date must be a real local day YYYY-MM-DD, got ${JSON.stringify(date)}`);
  if (localDayNumber(p.from)! > localDayOf(now)) {
    throw new ApiError(422, 'period_in_future', `Kỳ báo cáo ${p.from}…${p.to} chưa bắt đầu / the period has not begun yet`);
  }
  return p;
}

/** Refuses figures that cannot be true: more staff with Bluezone than with a smartphone. */
export function checkStaffFigures(f: StaffFigures): void {
  if (f.staff_bluezone > f.staff_smartphone) {
    throw badRequest('staff_figures_invalid', 'Số nhân viên cài Bluezone không thể lớn hơn số nhân viên có điện thoại thông minh / staff with Bluezone cannot exceed staff with a smartphone');
  }
}

export function noDataError(venue: string, p: LocalPeriod): ApiError {
  return new ApiError(422, 'period_no_data', `Không có số liệu của ${venue} từ ${p.from} đến ${p.to}: kiosk chưa gửi số liệu và nhân viên chưa đếm / no kiosk data and no staff tallies for this venue in ${p.from}..${p.to}`);
}

export async function reportRoutes(app: FastifyInstance): Promise<void> {
  const s: Services = app.services;
  const clock = () => ({ now: s.now(), retentionDays: s.config.retentionDays });

  async function load(req: FastifyRequest<Req>): Promise<{ venue: VenuesTable; report: VenueReport }> {
    const p = userOf(req);
    const v = await s.venues.get(req.params.id);
    if (!v || !inScope(p, v)) throw notFound('venue');
    const period = requestedPeriod(req.query.period, req.query.date, s.now());
    const report = await buildVenueReport(s, v, period, clock());
    if (!hasData(report)) throw noDataError(v.name, period);
    return { venue: v, report };
  }

  const common = { tags: ['reports'], security: 'bearer' as const, params: IdParams, querystring: VenueReportQuery };
  app.get<Req>(REPORT_API.venueReport, { config: { access: users(ALL_ROLES, 'area') }, schema: routeSchema({ ...common, summary: 'A venue’s report for a local day, week or month', response: { 200: VenueReport } }) }, async (req) => (await load(req)).report);

  app.get<Req>(
    REPORT_API.venueReportCsv,
    { config: { access: users(ALL_ROLES, 'area') }, schema: routeSchema({ ...common, summary: 'A venue’s report as CSV (UTF-8 with BOM)', response: { 200: Type.String() } }) },
    async (req, reply) => {
      const { report } = await load(req);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachmentName(`bao-cao-bluezone-${report.period.from}-${report.period.to}.csv`))
        .send(venueReportCsv(report, report.staff ?? undefined));
    },
  );

  app.get<Req>(
    REPORT_API.venueReportPdf,
    { config: { access: users(ALL_ROLES, 'area') }, schema: routeSchema({ ...common, summary: 'A venue’s report as a PDF in the Vietnamese administrative form', response: { 200: Type.Unknown() } }) },
    async (req, reply) => {
      const { report } = await load(req);
      const pdf = await venueReportPdf(report, report.staff ? { staff: report.staff } : {});
      return reply
        .type('application/pdf')
        .header('content-disposition', attachmentName(`bao-cao-bluezone-${report.period.from}-${report.period.to}.pdf`))
        .send(Buffer.from(pdf));
    },
  );

  type StaffReq = { Params: Static<typeof IdParams> };
  async function venueInScope(req: FastifyRequest<StaffReq>): Promise<VenuesTable> {
    const v = await s.venues.get(req.params.id);
    if (!v || !inScope(userOf(req), v)) throw notFound('venue');
    return v;
  }

  app.get<StaffReq>(
    REPORT_API.venueStaffFigures,
    { config: { access: users(ALL_ROLES, 'area') }, schema: routeSchema({ tags: ['reports'], summary: 'The venue’s staff figures now, and the latest entries', security: 'bearer', params: IdParams, response: { 200: StaffFiguresHistory } }) },
    async (req) => {
      const v = await venueInScope(req);
      const history = (await s.staffFigures.history(v.id, 50)).map(staffRecord);
      return { current: history[0] ?? null, history };
    },
  );

  app.post<StaffReq & { Body: StaffFigures }>(
    REPORT_API.venueStaffFigures,
    {
      config: { access: users(['admin', 'venue_manager'], 'area') },
      schema: routeSchema({ tags: ['reports'], summary: 'Enter the venue’s staff figures (employees with a smartphone, with Bluezone); reports from now on show them', security: 'bearer', params: IdParams, body: StaffFigures, response: { 201: StaffFiguresRecord } }),
    },
    async (req, reply) => {
      const p = userOf(req);
      const v = await venueInScope(req);
      checkStaffFigures(req.body);
      const now = s.now();
      const row = await s.staffFigures.record({ venue_id: v.id, staff_smartphone: req.body.staff_smartphone, staff_bluezone: req.body.staff_bluezone, recorded_by: p.username, recorded_at: now });
      await s.audit.write(p, 'venue.staff_figures', v.id, { staff_smartphone: row.staff_smartphone, staff_bluezone: row.staff_bluezone }, now);
      return reply.status(201).send(staffRecord(row));
    },
  );
}
