// Reads of uploaded encounters and attendance for one venue.
import type { Kysely } from 'kysely';
import type { Database, EncountersTable } from '../db/schema.js';

export interface AttendanceDayRow {
  /** Local day, 'YYYY-MM-DD'. */
  day: string;
  bluezone_devices_peak: number;
  arrivals: number;
  no_app: number;
  helped_install: number;
}

export class EncountersRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** The venue's encounters in the slots [fromSlot, toSlot] (one local day). */
  venueDay(venueId: string, fromSlot: number, toSlot: number): Promise<EncountersTable[]> {
    // venue_id + slot range uses the (venue_id, slot) index.
    return this.db
      .selectFrom('encounters')
      .selectAll()
      .where('venue_id', '=', venueId)
      .where('slot', '>=', fromSlot)
      .where('slot', '<=', toSlot)
      .orderBy('slot')
      .orderBy('first_seen_min')
      .orderBy('visitor_id')
      .execute();
  }

  /** Per local day (`dayOf` names a slot's day) of the slots [fromSlot, toSlot]: peak devices and sums. */
  async attendanceDays(venueId: string, fromSlot: number, toSlot: number, dayOf: (slot: number) => string): Promise<AttendanceDayRow[]> {
    const rows = await this.db
      .selectFrom('attendance')
      .select((eb) => [
        'slot',
        eb.fn.max<number>('bluezone_devices').as('bluezone_devices_peak'),
        eb.fn.sum<number>('arrivals').as('arrivals'),
        eb.fn.sum<number>('no_app').as('no_app'),
        eb.fn.sum<number>('helped_install').as('helped_install'),
      ])
      .where('venue_id', '=', venueId)
      .where('slot', '>=', fromSlot)
      .where('slot', '<=', toSlot)
      .groupBy('slot')
      .orderBy('slot')
      .execute();
    const days = new Map<string, AttendanceDayRow>();
    for (const r of rows) {
      const day = dayOf(Number(r.slot));
      const d = days.get(day) ?? { day, bluezone_devices_peak: 0, arrivals: 0, no_app: 0, helped_install: 0 };
      d.bluezone_devices_peak = Math.max(d.bluezone_devices_peak, Number(r.bluezone_devices_peak));
      d.arrivals += Number(r.arrivals);
      d.no_app += Number(r.no_app);
      d.helped_install += Number(r.helped_install);
      days.set(day, d);
    }
    return [...days.values()];
  }
}
