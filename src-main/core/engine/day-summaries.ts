// What the day totals need from each slot (devices, carry-overs, presence time), kept
// after the slot's encounters have left memory, and reloaded from the attendance rows
// after a restart. Two days are kept so "today" is always complete.
import { arrivalsOf } from '../../../shared/domain/engine/continuity.js';
import { SLOTS_PER_DAY, slotOf, slotStart } from '../../../shared/domain/slots.js';
import type { AttendanceRow } from '../store/store-types.js';
import type { SlotAggregate } from './slot-aggregate.js';
import { slotKey, slotOfKey } from './slot-table.js';

export interface SlotSummary {
  readonly devices: number;
  readonly continued: number;
  readonly presenceMs: number;
}

export interface DayTotals {
  /** Devices since local midnight: per slot, its devices minus the carry-overs. */
  readonly arrivals: number;
  readonly presenceMs: number;
}

export class DaySummaries {
  private readonly summaries = new Map<number, SlotSummary>();

  /** `dayStart` maps an instant to the start of its local day (shared/domain/local-day.ts). */
  constructor(private readonly dayStart: (timeMs: number) => number) {}

  /** Attendance rows written by an earlier run (trusted clock only). */
  load(rows: readonly AttendanceRow[]): void {
    for (const row of rows) {
      this.summaries.set(slotKey(row.slot, true), {
        devices: row.bluezoneDevices + row.gaenDevices,
        continued: row.continued,
        presenceMs: row.presenceMs,
      });
    }
  }

  get(slot: number, trusted: boolean): SlotSummary | undefined {
    return this.summaries.get(slotKey(slot, trusted));
  }

  record(aggs: Iterable<SlotAggregate>): void {
    for (const agg of aggs) {
      this.summaries.set(slotKey(agg.slot, agg.trusted), {
        devices: agg.deviceTotal,
        continued: agg.continued,
        presenceMs: agg.presenceMs,
      });
    }
  }

  today(now: number): DayTotals {
    const from = slotOf(this.dayStart(now));
    const to = slotOf(now);
    let arrivals = 0;
    let presenceMs = 0;
    for (const [key, s] of this.summaries) {
      const slot = slotOfKey(key);
      if (slot < from || slot > to) continue;
      arrivals += arrivalsOf(s.devices, s.continued);
      presenceMs += s.presenceMs;
    }
    return { arrivals, presenceMs };
  }

  /**
   * Today's arrivals per local hour (24 entries; index 0 is the hour from local midnight).
   * Slots are UTC quarter-hours; Vietnam's offset is whole hours, so each slot falls in one
   * local hour (a zone with a half-hour offset files a slot under the hour it starts in).
   */
  todayByHour(now: number): number[] {
    const dayStart = this.dayStart(now);
    const from = slotOf(dayStart);
    const to = slotOf(now);
    const hours = new Array<number>(24).fill(0);
    for (const [key, s] of this.summaries) {
      const slot = slotOfKey(key);
      if (slot < from || slot > to) continue;
      const hour = Math.min(23, Math.max(0, Math.floor((slotStart(slot) - dayStart) / 3_600_000)));
      hours[hour] = (hours[hour] ?? 0) + arrivalsOf(s.devices, s.continued);
    }
    return hours;
  }

  prune(now: number): void {
    const oldest = slotOf(now) - 2 * SLOTS_PER_DAY;
    for (const key of this.summaries.keys()) if (slotOfKey(key) < oldest) this.summaries.delete(key);
  }
}
