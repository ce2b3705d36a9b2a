// A campaign as its official sees it: every venue asked with its status (submitted,
// missing, late), the totals of what the venues signed, the kiosks' live totals for all
// venues asked, and the areas one level down ranked by install rate. The compiled area
// report (CSV and PDF) is made from this one structure.
import type { ReportCampaignsTable, VenuesTable } from '../db/schema.js';
import type { SubmissionTotals } from '../repositories/campaigns-repo.js';
import type { CampaignsRepo, CampaignRow } from '../repositories/campaigns-repo.js';
import type { ReportDataRepo, VenueSums } from '../repositories/report-data-repo.js';
import type { AreaRank, AreaTotals, Campaign, CampaignOverview, CampaignVenueRow, ReportFigures, VenueReport } from '../../shared/api/report-api.js';
import { INSTALL_RATE_METHOD, installRate } from '../../shared/domain/install-rate.js';
import type { LocalPeriod, PeriodKind } from '../../shared/domain/report-period.js';
import { SLOT_MS } from '../../shared/domain/slots.js';
import { emptyFigures, measurableSlots, periodSlots, ratio, reportVenue, type ReportClock } from './venue-report.js';

export function campaignPeriod(c: ReportCampaignsTable): LocalPeriod {
  return { kind: c.period_kind as PeriodKind, from: c.period_from, to: c.period_to };
}

export function campaignView(c: CampaignRow, now: number): Campaign {
  return {
    id: c.id,
    title: c.title,
    level: c.level as Campaign['level'],
    province: c.province,
    district: c.district,
    ward: c.ward,
    venue_kinds: c.venue_kinds === '' ? [] : c.venue_kinds.split(','),
    period: { kind: c.period_kind as PeriodKind, from: c.period_from, to: c.period_to },
    deadline_at: c.deadline_at,
    issuer_unit: c.issuer_unit,
    document_number: c.document_number,
    created_at: c.created_at,
    venue_count: c.venue_count,
    submitted_count: c.submitted_count,
    closed: now >= c.deadline_at,
  };
}

/** A stored submission holds the whole venue report the manager saw; its totals are the figures. */
export function parseSubmittedReport(json: string): VenueReport {
  return JSON.parse(json) as VenueReport;
}

export function parseTotals(json: string): ReportFigures {
  return { ...emptyFigures(), ...(JSON.parse(json) as Partial<ReportFigures>) };
}

function liveFigures(sums: VenueSums | undefined, kiosks: number, measured: number): ReportFigures {
  const f = emptyFigures();
  if (sums) {
    f.unique_visitors = sums.unique_visitors;
    f.device_slots = sums.device_slots;
    f.no_app = sums.no_app;
    f.helped_install = sums.helped_install;
    f.days_with_data = sums.days_with_data;
    f.uptime_covered_slots = Math.min(sums.covered_slots, measured);
  }
  f.kiosks = kiosks;
  f.uptime_measured_slots = measured;
  f.install_rate = installRate(f.unique_visitors, f.no_app);
  f.uptime_ratio = ratio(f.uptime_covered_slots, measured);
  return f;
}

function addInto(t: ReportFigures, f: ReportFigures): void {
  t.unique_visitors += f.unique_visitors;
  t.device_slots += f.device_slots;
  t.no_app += f.no_app;
  t.helped_install += f.helped_install;
  t.days_with_data += f.days_with_data;
  t.kiosks += f.kiosks;
  t.uptime_measured_slots += f.uptime_measured_slots;
  t.uptime_covered_slots += f.uptime_covered_slots;
}

function finish(t: ReportFigures): void {
  t.install_rate = installRate(t.unique_visitors, t.no_app);
  t.uptime_ratio = ratio(t.uptime_covered_slots, t.uptime_measured_slots);
}

/** The area one level below the campaign's: wards of a district, districts of a province, venues of a ward. */
function subArea(level: string, v: VenuesTable): string {
  if (level === 'province') return v.district;
  if (level === 'district') return v.ward;
  return v.name;
}

export async function compileCampaign(campaigns: CampaignsRepo, data: ReportDataRepo, c: CampaignRow, clock: ReportClock): Promise<CampaignOverview> {
  const period = campaignPeriod(c);
  const ps = periodSlots(period);
  // Contact is counted over the widest measurable window; each venue is then clipped to its own.
  const [wFrom, wTo] = measurableSlots(ps, 0, clock);
  const [venues, latest, sums, spans] = await Promise.all([
    campaigns.venues(c.id),
    campaigns.latestSubmissions(c.id),
    data.campaignSums(c.id, period.from, period.to, { fromSlot: ps.fromSlot, toSlot: ps.toSlot }, { fromMs: wFrom * SLOT_MS, toMs: wTo * SLOT_MS }),
    data.campaignKioskSpans(c.id),
  ]);
  const byVenue = new Map<string, SubmissionTotals>(latest.map((s) => [s.venue_id, s]));
  const closed = clock.now >= c.deadline_at;
  const submittedTotals: AreaTotals = { ...emptyFigures(), staff_smartphone: 0, staff_bluezone: 0, staff_install_rate: null };
  const kioskTotals = emptyFigures();
  const rows: CampaignVenueRow[] = [];
  const areas = new Map<string, { venues: number; submitted: number; unique_visitors: number; no_app: number }>();
  const counts = { venues: venues.length, submitted: 0, missing: 0, late: 0 };

  for (const v of venues) {
    const span = spans.get(v.id);
    const [mFrom, mTo] = measurableSlots(ps, span?.first_enrolled_at ?? null, clock);
    const live = liveFigures(sums.get(v.id), span?.kiosks ?? 0, mTo - mFrom);
    addInto(kioskTotals, live);
    const sub = byVenue.get(v.id);
    const figures = sub ? parseTotals(sub.totals) : live;
    if (sub) {
      counts.submitted += 1;
      addInto(submittedTotals, figures);
      submittedTotals.staff_smartphone += sub.staff_smartphone;
      submittedTotals.staff_bluezone += sub.staff_bluezone;
    } else if (closed) counts.late += 1;
    else counts.missing += 1;
    rows.push({
      venue: reportVenue(v),
      status: sub ? 'submitted' : closed ? 'late' : 'missing',
      version: sub?.version ?? null,
      submitted_at: sub?.submitted_at ?? null,
      figures,
      staff_smartphone: sub?.staff_smartphone ?? null,
      staff_bluezone: sub?.staff_bluezone ?? null,
    });
    const key = subArea(c.level, v);
    const a = areas.get(key) ?? { venues: 0, submitted: 0, unique_visitors: 0, no_app: 0 };
    a.venues += 1;
    a.submitted += sub ? 1 : 0;
    a.unique_visitors += figures.unique_visitors;
    a.no_app += figures.no_app;
    areas.set(key, a);
  }
  finish(kioskTotals);
  finish(submittedTotals);
  submittedTotals.staff_install_rate = ratio(submittedTotals.staff_bluezone, submittedTotals.staff_smartphone);

  const ranking: AreaRank[] = [...areas]
    .map(([area, a]) => ({ rank: 0, area, ...a, install_rate: installRate(a.unique_visitors, a.no_app) }))
    // Highest rate first; areas with nobody counted last; then by name for a stable order.
    .sort((x, y) => (y.install_rate ?? -1) - (x.install_rate ?? -1) || y.unique_visitors - x.unique_visitors || x.area.localeCompare(y.area, 'vi'));
  ranking.forEach((r, i) => (r.rank = i + 1));

  return {
    campaign: campaignView(c, clock.now),
    counts,
    submitted_totals: submittedTotals,
    kiosk_totals: kioskTotals,
    venues: rows,
    ranking,
    install_rate_method: { vi: INSTALL_RATE_METHOD.vi, en: INSTALL_RATE_METHOD.en },
  };
}
