// A venue's report over a local period: per-day kiosk estimates and staff tallies, totals,
// the install rate by the one shared definition, and kiosk uptime from the server's own
// record of contact (batches received, one at least every 5 minutes from a live kiosk).
import type { ReportDataRepo } from '../repositories/report-data-repo.js';
import type { StaffFiguresRepo } from '../repositories/staff-figures-repo.js';
import type { ReportFigures, ReportVenue, StaffFiguresRecord, VenueReport } from '../../shared/api/report-api.js';
import type { VenueStaffFiguresTable, VenuesTable } from '../db/schema.js';
import { INSTALL_RATE_METHOD, installRate } from '../../shared/domain/install-rate.js';
import { firstSlotOfLocalDay, localDayNumber, localDayString, type LocalPeriod } from '../../shared/domain/report-period.js';
import { SLOTS_PER_DAY, SLOT_MS, slotOf } from '../../shared/domain/slots.js';
import { DAY_MS } from '../../shared/domain/slots.js';

/** A gap is at least this many consecutive slots without contact (30 minutes). */
export const MIN_GAP_SLOTS = 2;

export interface ReportClock {
  readonly now: number;
  /** Batches older than this are purged (retention), so uptime before it is not measurable. */
  readonly retentionDays: number;
}

export function reportVenue(v: VenuesTable): ReportVenue {
  return { id: v.id, name: v.name, kind: v.kind, province: v.province, district: v.district, ward: v.ward };
}

export interface PeriodSlots {
  fromDay: number;
  toDay: number;
  fromSlot: number;
  toSlot: number;
}

export function periodSlots(p: LocalPeriod): PeriodSlots {
  const fromDay = localDayNumber(p.from)!;
  const toDay = localDayNumber(p.to)!;
  return { fromDay, toDay, fromSlot: firstSlotOfLocalDay(fromDay), toSlot: firstSlotOfLocalDay(toDay + 1) };
}

/**
 * The slots of the period in which uptime can be measured: after the first kiosk enrolled,
 * before now, and within the retention of the batch log.
 */
export function measurableSlots(ps: PeriodSlots, firstEnrolledAt: number | null, clock: ReportClock): [number, number] {
  if (firstEnrolledAt === null) return [0, 0];
  const retained = slotOf(clock.now - clock.retentionDays * DAY_MS) + 1;
  const from = Math.max(ps.fromSlot, slotOf(firstEnrolledAt), retained);
  const to = Math.min(ps.toSlot, slotOf(clock.now));
  return to > from ? [from, to] : [0, 0];
}

export function emptyFigures(): ReportFigures {
  return { unique_visitors: 0, device_slots: 0, no_app: 0, helped_install: 0, install_rate: null, days_with_data: 0, kiosks: 0, uptime_ratio: null, uptime_measured_slots: 0, uptime_covered_slots: 0 };
}

export function ratio(part: number, whole: number): number | null {
  return whole <= 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

/** What a venue's report is read from. */
export interface ReportSources {
  readonly reportData: ReportDataRepo;
  readonly staffFigures: StaffFiguresRepo;
}

export function staffRecord(r: VenueStaffFiguresTable): StaffFiguresRecord {
  return {
    staff_smartphone: r.staff_smartphone,
    staff_bluezone: r.staff_bluezone,
    staff_install_rate: ratio(r.staff_bluezone, r.staff_smartphone),
    recorded_at: r.recorded_at,
    recorded_by: r.recorded_by,
  };
}

export async function buildVenueReport(src: ReportSources, venue: VenuesTable, period: LocalPeriod, clock: ReportClock): Promise<VenueReport> {
  const data = src.reportData;
  const ps = periodSlots(period);
  // Staff figures as they stood when the period ended (or now, while it runs).
  const staffAt = Math.min(clock.now, ps.toSlot * SLOT_MS - 1);
  const [estimates, tallies, span, staff] = await Promise.all([
    data.dayEstimates(venue.id, period.from, period.to),
    data.dayTallies(venue.id, { fromSlot: ps.fromSlot, toSlot: ps.toSlot }),
    data.kioskSpan(venue.id),
    src.staffFigures.asOf(venue.id, staffAt),
  ]);
  const [mFrom, mTo] = measurableSlots(ps, span?.first_enrolled_at ?? null, clock);
  const contact = new Set(mTo > mFrom ? await data.contactSlots(venue.id, mFrom * SLOT_MS, mTo * SLOT_MS) : []);

  const est = new Map(estimates.map((e) => [e.day, e]));
  const tal = new Map(tallies.map((t) => [t.day, t]));
  const days = [];
  const totals = emptyFigures();
  for (let d = ps.fromDay; d <= ps.toDay; d += 1) {
    const day = localDayString(d);
    const e = est.get(day);
    const t = tal.get(d);
    const first = firstSlotOfLocalDay(d);
    const from = Math.max(first, mFrom);
    const to = Math.min(first + SLOTS_PER_DAY, mTo);
    let covered = 0;
    for (let s = from; s < to; s += 1) if (contact.has(s)) covered += 1;
    const measured = Math.max(0, to - from);
    const row = {
      day,
      unique_visitors: e?.unique_visitors ?? 0,
      device_slots: e?.device_slots ?? 0,
      no_app: t?.no_app ?? 0,
      helped_install: t?.helped_install ?? 0,
      install_rate: installRate(e?.unique_visitors ?? 0, t?.no_app ?? 0),
      uptime_ratio: ratio(covered, measured),
    };
    days.push(row);
    totals.unique_visitors += row.unique_visitors;
    totals.device_slots += row.device_slots;
    totals.no_app += row.no_app;
    totals.helped_install += row.helped_install;
    if (e) totals.days_with_data += 1;
    totals.uptime_measured_slots += measured;
    totals.uptime_covered_slots += covered;
  }
  totals.install_rate = installRate(totals.unique_visitors, totals.no_app);
  totals.kiosks = span?.kiosks ?? 0;
  totals.uptime_ratio = ratio(totals.uptime_covered_slots, totals.uptime_measured_slots);

  return {
    venue: reportVenue(venue),
    period: { kind: period.kind, from: period.from, to: period.to },
    generated_at: clock.now,
    totals,
    days,
    gaps: findGaps(contact, mFrom, mTo),
    install_rate_method: { vi: INSTALL_RATE_METHOD.vi, en: INSTALL_RATE_METHOD.en },
    staff: staff ? staffRecord(staff) : null,
  };
}

/** Runs of at least MIN_GAP_SLOTS slots in [from, to) without contact. */
export function findGaps(contact: ReadonlySet<number>, from: number, to: number): VenueReport['gaps'] {
  const gaps: VenueReport['gaps'] = [];
  let start: number | null = null;
  for (let s = from; s <= to; s += 1) {
    const up = s === to || contact.has(s);
    if (!up && start === null) start = s;
    if (up && start !== null) {
      if (s - start >= MIN_GAP_SLOTS) gaps.push({ from: start * SLOT_MS, to: s * SLOT_MS, minutes: ((s - start) * SLOT_MS) / 60_000 });
      start = null;
    }
  }
  return gaps;
}

/** True when the period has any kiosk estimate or staff tally to report. */
export function hasData(r: VenueReport): boolean {
  return r.totals.days_with_data > 0 || r.totals.no_app > 0 || r.totals.helped_install > 0;
}
