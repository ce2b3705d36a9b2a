// Migration 004: revocation and login throttling (issue 12).
// - users.disabled_at: a disabled account cannot log in and its sessions are gone.
// - kiosks.revoked_at: a revoked kiosk's signatures are refused from that moment on.
// - login_throttle: failed-login counters keyed by (account, source address), incremented
//   in one statement so parallel guesses cannot read a stale count.
// - indexes that make ending a user's sessions and the retention purges range scans.
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  `ALTER TABLE users ADD COLUMN disabled_at BIGINT`,
  `ALTER TABLE kiosks ADD COLUMN revoked_at BIGINT`,
  `CREATE TABLE login_throttle (throttle_key TEXT PRIMARY KEY, attempts INTEGER NOT NULL, window_until BIGINT NOT NULL)`,
  `CREATE INDEX login_throttle_window ON login_throttle (window_until)`,
  `CREATE INDEX sessions_user ON sessions (user_id)`,
  `CREATE INDEX f0_cases_to_slot ON f0_cases (to_slot)`,
  `CREATE INDEX exposures_case ON exposures (case_id)`,
  `CREATE INDEX notices_created ON notices (created_at)`,
  `CREATE INDEX enrollment_codes_expiry ON enrollment_codes (expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
