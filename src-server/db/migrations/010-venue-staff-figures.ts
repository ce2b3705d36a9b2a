// Migration 010: a venue's staff figures (employees with a smartphone, employees with
// Bluezone), entered by its manager whenever they change. Every entry is kept: a report for
// a past period shows the figures as they stood at the period's end.
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  `CREATE TABLE venue_staff_figures (id TEXT PRIMARY KEY, venue_id TEXT NOT NULL REFERENCES venues(id),
    staff_smartphone INTEGER NOT NULL, staff_bluezone INTEGER NOT NULL,
    recorded_by TEXT NOT NULL, recorded_at BIGINT NOT NULL)`,
  `CREATE INDEX venue_staff_figures_venue ON venue_staff_figures (venue_id, recorded_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
