// Venue reports and reporting campaigns (key server API v1), declared once for the server's
// routes, the officials' console and the kiosk. Local days are 'YYYY-MM-DD' in
// Asia/Ho_Chi_Minh; times are Unix ms. Every figure is a count from the server's aggregates:
// nothing in a report identifies a person.
import { Type, type Static } from '@sinclair/typebox';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, PageCursor, VenueKindSchema } from './server-api.js';

export const LocalDay = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'local day in Asia/Ho_Chi_Minh, YYYY-MM-DD' });
export const PeriodKindSchema = Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], {
  description: 'day, ISO week (Monday to Sunday) or calendar month, in local time',
});
export const AreaLevelSchema = Type.Union([Type.Literal('ward'), Type.Literal('district'), Type.Literal('province')]);
export type AreaLevel = Static<typeof AreaLevelSchema>;

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Count = Type.Integer({ minimum: 0, description: 'count' });
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'install rate 0..1 (see install_rate_method); null when nobody was counted' });

export const VenueReportQuery = Type.Object(
  {
    period: PeriodKindSchema,
    /** Any local day inside the wanted period. */
    date: LocalDay,
  },
  { additionalProperties: false },
);

export const ReportDay = Type.Object({
  day: LocalDay,
  unique_visitors: Type.Integer({ minimum: 0, description: 'estimated distinct people with Bluezone that local day (the kiosk links each phone’s rotating IDs)' }),
  device_slots: Type.Integer({ minimum: 0, description: 'sum over the day’s 15-minute slots of distinct Bluezone IDs heard: radio activity, not people' }),
  no_app: Type.Integer({ minimum: 0, description: 'visitors without the app, tallied by staff' }),
  helped_install: Type.Integer({ minimum: 0, description: 'people staff helped to install Bluezone' }),
  install_rate: Rate,
  uptime_ratio: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'share of the day’s 15-minute slots in which a kiosk reached the server; null when not measurable' }),
});
export type ReportDay = Static<typeof ReportDay>;

export const UptimeGap = Type.Object({
  from: Type.Integer({ description: 'start of the gap, Unix ms' }),
  to: Type.Integer({ description: 'end of the gap, Unix ms' }),
  minutes: Type.Integer({ minimum: 0 }),
});

export const ReportFigures = Type.Object({
  unique_visitors: Count,
  device_slots: Count,
  no_app: Count,
  helped_install: Count,
  install_rate: Rate,
  /** Days in the period with any kiosk estimate or staff tally. */
  days_with_data: Count,
  kiosks: Count,
  uptime_ratio: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'slots with contact / measurable slots in the period' }),
  uptime_measured_slots: Count,
  uptime_covered_slots: Count,
});
export type ReportFigures = Static<typeof ReportFigures>;

export const ReportVenue = Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String(), province: Type.String(), district: Type.String(), ward: Type.String() });
export type ReportVenue = Static<typeof ReportVenue>;

/** A venue's staff figures as its manager entered them (one entry; every entry is kept). */
export const StaffFiguresRecord = Type.Object({
  staff_smartphone: Type.Integer({ minimum: 0, description: 'number of employees with a smartphone (count of people)' }),
  staff_bluezone: Type.Integer({ minimum: 0, description: 'number of employees with Bluezone installed (count of people)' }),
  staff_install_rate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'staff_bluezone / staff_smartphone, ratio 0..1; null when nobody has a smartphone' }),
  recorded_at: Type.Integer({ description: 'when they were entered, Unix ms' }),
  recorded_by: Type.String({ description: 'username of the manager or admin who entered them' }),
});
export type StaffFiguresRecord = Static<typeof StaffFiguresRecord>;

export const StaffFiguresHistory = Type.Object({
  current: Type.Union([StaffFiguresRecord, Type.Null()], { description: 'the figures in force now; null when none were ever entered' }),
  history: Type.Array(StaffFiguresRecord, { maxItems: 50, description: 'the latest entries, newest first (at most 50)' }),
});
export type StaffFiguresHistory = Static<typeof StaffFiguresHistory>;

export const VenueReport = Type.Object({
  venue: ReportVenue,
  period: Type.Object({ kind: PeriodKindSchema, from: LocalDay, to: LocalDay }),
  generated_at: Type.Integer(),
  totals: ReportFigures,
  days: Type.Array(ReportDay),
  gaps: Type.Array(UptimeGap, { description: 'runs of 30 minutes or more in which no kiosk of the venue reached the server' }),
  install_rate_method: Type.Object({ vi: Type.String(), en: Type.String() }),
  staff: Type.Optional(
    Type.Union([StaffFiguresRecord, Type.Null()], {
      description: "the venue's staff figures in force at the period's end (or now, for a period still running); null when none were entered. Absent in reports submitted before staff figures were kept per venue",
    }),
  ),
});
export type VenueReport = Static<typeof VenueReport>;

export const StaffFigures = Type.Object(
  {
    staff_smartphone: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'number of employees with a smartphone (count of people)' }),
    staff_bluezone: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'number of employees with Bluezone installed (count of people); at most staff_smartphone' }),
  },
  { additionalProperties: false },
);
export type StaffFigures = Static<typeof StaffFigures>;

export const CreateCampaignRequest = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 300 })),
    level: AreaLevelSchema,
    province: Name,
    district: Type.Optional(Name),
    ward: Type.Optional(Name),
    venue_kinds: Type.Optional(Type.Array(VenueKindSchema, { maxItems: 7, uniqueItems: true, description: 'empty or absent: every kind' })),
    period: PeriodKindSchema,
    date: LocalDay,
    deadline_at: Type.Integer({ minimum: 0, maximum: 4_102_444_800_000, description: 'deadline, Unix ms' }),
    issuer_unit: Name,
    document_number: Type.String({ maxLength: 100 }),
  },
  { additionalProperties: false },
);
export type CreateCampaignRequest = Static<typeof CreateCampaignRequest>;

export const Campaign = Type.Object({
  id: Type.String(),
  title: Type.String(),
  level: AreaLevelSchema,
  province: Type.String(),
  district: Type.Union([Type.String(), Type.Null()]),
  ward: Type.Union([Type.String(), Type.Null()]),
  venue_kinds: Type.Array(Type.String()),
  period: Type.Object({ kind: PeriodKindSchema, from: LocalDay, to: LocalDay }),
  deadline_at: Type.Integer(),
  issuer_unit: Type.String(),
  document_number: Type.String(),
  created_at: Type.Integer(),
  venue_count: Type.Integer(),
  submitted_count: Type.Integer(),
  closed: Type.Boolean({ description: 'the deadline has passed: submissions are frozen' }),
});
export type Campaign = Static<typeof Campaign>;
export const CampaignList = Type.Object({
  campaigns: Type.Array(Campaign, { description: 'one page, newest first (created_at descending, then id)' }),
  next_cursor: Type.Union([PageCursor, Type.Null()], { description: 'pass as `cursor` for the next page; null when this page is the last' }),
});
export type CampaignList = Static<typeof CampaignList>;
export const CampaignListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_LIMIT_MAX, description: `campaigns per page (count), 1–${PAGE_LIMIT_MAX}, default ${PAGE_LIMIT_DEFAULT}` })),
    cursor: Type.Optional(PageCursor),
  },
  { additionalProperties: false },
);

export const SubmissionStatusSchema = Type.Union([Type.Literal('submitted'), Type.Literal('missing'), Type.Literal('late')], {
  description: 'submitted; missing (nothing yet, deadline ahead); late (nothing, deadline passed)',
});

export const SubmissionVersion = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  staff_smartphone: Type.Integer(),
  staff_bluezone: Type.Integer(),
  note: Type.String(),
  figures: ReportFigures,
  submitted_by: Type.String(),
  submitted_at: Type.Integer(),
});
export type SubmissionVersion = Static<typeof SubmissionVersion>;

export const CampaignVenueReport = Type.Object({
  campaign: Campaign,
  report: VenueReport,
  status: SubmissionStatusSchema,
  versions: Type.Array(SubmissionVersion),
  can_submit: Type.Boolean(),
});
export type CampaignVenueReport = Static<typeof CampaignVenueReport>;

export const SubmitReportRequest = Type.Object(
  { ...StaffFigures.properties, note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type SubmitReportRequest = Static<typeof SubmitReportRequest>;

export const CampaignVenueParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }), venueId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }) },
  { additionalProperties: false },
);

export const AreaTotals = Type.Object({
  ...ReportFigures.properties,
  staff_smartphone: Count,
  staff_bluezone: Count,
  staff_install_rate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'staff_bluezone / staff_smartphone, ratio 0..1; null when no staff counted' }),
});
export type AreaTotals = Static<typeof AreaTotals>;

export const CampaignVenueRow = Type.Object({
  venue: ReportVenue,
  status: SubmissionStatusSchema,
  version: Type.Union([Type.Integer(), Type.Null()]),
  submitted_at: Type.Union([Type.Integer(), Type.Null()]),
  /** Submitted figures, or the kiosks' live figures when nothing was submitted. */
  figures: ReportFigures,
  staff_smartphone: Type.Union([Type.Integer(), Type.Null()]),
  staff_bluezone: Type.Union([Type.Integer(), Type.Null()]),
});
export type CampaignVenueRow = Static<typeof CampaignVenueRow>;

export const AreaRank = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  area: Type.String({ description: 'name of the ward, district or venue one level below the campaign’s area' }),
  venues: Count,
  submitted: Count,
  unique_visitors: Count,
  no_app: Count,
  install_rate: Rate,
});
export type AreaRank = Static<typeof AreaRank>;

export const CampaignOverview = Type.Object({
  campaign: Campaign,
  counts: Type.Object({ venues: Count, submitted: Count, missing: Count, late: Count }),
  /** Totals of the submitted reports (what the venues signed). */
  submitted_totals: AreaTotals,
  /** The kiosks' live figures for every venue asked, submitted or not. */
  kiosk_totals: ReportFigures,
  venues: Type.Array(CampaignVenueRow),
  ranking: Type.Array(AreaRank),
  install_rate_method: Type.Object({ vi: Type.String(), en: Type.String() }),
});
export type CampaignOverview = Static<typeof CampaignOverview>;

/** What a kiosk's staff console shows: open requests its venue has not yet answered. */
export const KioskReportRequest = Type.Object({
  campaign_id: Type.String(),
  title: Type.String(),
  issuer_unit: Type.String(),
  period: Type.Object({ kind: PeriodKindSchema, from: LocalDay, to: LocalDay }),
  deadline_at: Type.Integer(),
});
export type KioskReportRequest = Static<typeof KioskReportRequest>;
export const KioskReportRequestsResponse = Type.Object({ requests: Type.Array(KioskReportRequest) });
export type KioskReportRequestsResponse = Static<typeof KioskReportRequestsResponse>;

export const REPORT_API = {
  venueReport: '/v1/venues/:id/report',
  venueReportCsv: '/v1/venues/:id/report.csv',
  venueReportPdf: '/v1/venues/:id/report.pdf',
  venueStaffFigures: '/v1/venues/:id/staff-figures',
  campaigns: '/v1/report-campaigns',
  campaign: '/v1/report-campaigns/:id',
  campaignCsv: '/v1/report-campaigns/:id/report.csv',
  campaignPdf: '/v1/report-campaigns/:id/report.pdf',
  campaignVenue: '/v1/report-campaigns/:id/venues/:venueId',
  campaignVenueSubmissions: '/v1/report-campaigns/:id/venues/:venueId/submissions',
  kioskRequests: '/v1/kiosk/report-requests',
} as const;
