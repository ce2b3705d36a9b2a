// Reads of uploaded encounters and attendance for one venue.
import type { Kysely } from 'kysely';
import type { Database, EncountersTable } from '../db/schema.js';

export interface AttendanceDayRow {
  day: number;
  bluezone_devices_peak: number;
  arrivals: number;
  no_app: number;
  helped_install: number;
}

export class EncountersRepo {
  constructor(private readonly db: Kysely<Database>) {}

  venueDay(venueId: string, day: number): Promise<EncountersTable[]> {
    // venue_id + slot range uses the (venue_id, slot) index; day is derived from slot.
    return this.db
      .selectFrom('encounters')
      .selectAll()
      .where('venue_id', '=', venueId)
      .where('slot', '>=', day * 96)
      .where('slot', '<', (day + 1) * 96)
      .orderBy('slot')
      .orderBy('first_seen_min')
      .orderBy('visitor_id')
      .execute();
  }

  async attendanceDays(venueId: string, fromDay: number, toDay: number): Promise<AttendanceDayRow[]> {
    const rows = await this.db
      .selectFrom('attendance')
      .select((eb) => [
        'day',
        eb.fn.max<number>('bluezone_devices').as('bluezone_devices_peak'),
        eb.fn.sum<number>('arrivals').as('arrivals'),
        eb.fn.sum<number>('no_app').as('no_app'),
        eb.fn.sum<number>('helped_install').as('helped_install'),
      ])
      .where('venue_id', '=', venueId)
      .where('day', '>=', fromDay)
      .where('day', '<=', toDay)
      .groupBy('day')
      .orderBy('day')
      .execute();
    return rows.map((r) => ({
      day: Number(r.day),
      bluezone_devices_peak: Number(r.bluezone_devices_peak),
      arrivals: Number(r.arrivals),
      no_app: Number(r.no_app),
      helped_install: Number(r.helped_install),
    }));
  }
}
