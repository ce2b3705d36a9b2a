// Migration 003: foreign exposure-notification (GAEN) phones are counted, never kept. Kiosks
// used to upload their rolling identifiers as encounters, which nothing on the server can
// match; the counts stay in attendance.gaen_devices. Kiosks from this version on send none
// (the upload schema accepts Bluezone encounters only), and this removes what was stored.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM encounters WHERE protocol = 'gaen'`.execute(db);
}
