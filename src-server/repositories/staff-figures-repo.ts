// A venue's staff figures over time. Counts only: how many employees have a smartphone and
// how many of them run Bluezone, as the venue's manager last said.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, VenueStaffFiguresTable } from '../db/schema.js';

export type StaffFiguresEntry = Omit<VenueStaffFiguresTable, 'id'>;

function fromRow(r: VenueStaffFiguresTable): VenueStaffFiguresTable {
  return { ...r, staff_smartphone: Number(r.staff_smartphone), staff_bluezone: Number(r.staff_bluezone), recorded_at: Number(r.recorded_at) };
}

export class StaffFiguresRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async record(entry: StaffFiguresEntry): Promise<VenueStaffFiguresTable> {
    const row = { id: randomUUID(), ...entry };
    await this.db.insertInto('venue_staff_figures').values(row).execute();
    return row;
  }

  /** The figures in force at `atMs`: the last entry recorded at or before it, if any. */
  async asOf(venueId: string, atMs: number): Promise<VenueStaffFiguresTable | null> {
    const r = await this.db
      .selectFrom('venue_staff_figures')
      .selectAll()
      .where('venue_id', '=', venueId)
      .where('recorded_at', '<=', atMs)
      .orderBy('recorded_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? fromRow(r) : null;
  }

  /** The latest `limit` entries, newest first. */
  async history(venueId: string, limit: number): Promise<VenueStaffFiguresTable[]> {
    const rows = await this.db
      .selectFrom('venue_staff_figures')
      .selectAll()
      .where('venue_id', '=', venueId)
      .orderBy('recorded_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }
}
