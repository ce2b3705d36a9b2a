// Migration 002: per-kiosk, per-local-day visitor estimates uploaded by kiosks. The kiosk
// links consecutive rotating IDs of one phone on the device only and uploads the resulting
// counts, never the links. Reports (install rate, attendance) read these rows.
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  `CREATE TABLE venue_days (kiosk_id TEXT NOT NULL, venue_id TEXT NOT NULL, day TEXT NOT NULL,
    unique_visitors INTEGER NOT NULL, device_slots INTEGER NOT NULL, median_dwell_s INTEGER NOT NULL,
    gaen_devices INTEGER NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (kiosk_id, day))`,
  `CREATE INDEX venue_days_venue_day ON venue_days (venue_id, day)`,
  `CREATE INDEX venue_days_day ON venue_days (day)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
