// Migration 007: reporting campaigns. An official asks the venues of an area for their
// report over a period by a deadline; each venue's submission is kept as numbered versions
// (amendments never overwrite), each holding the figures the manager saw and signed.
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  `CREATE TABLE report_campaigns (id TEXT PRIMARY KEY, title TEXT NOT NULL, level TEXT NOT NULL,
    province TEXT NOT NULL, district TEXT, ward TEXT, venue_kinds TEXT NOT NULL,
    period_kind TEXT NOT NULL, period_from TEXT NOT NULL, period_to TEXT NOT NULL,
    deadline_at BIGINT NOT NULL, issuer_unit TEXT NOT NULL, document_number TEXT NOT NULL,
    created_by TEXT NOT NULL, created_at BIGINT NOT NULL)`,
  `CREATE INDEX report_campaigns_area ON report_campaigns (province, district, ward)`,
  // The venues a campaign asks, fixed when it is issued: a venue registered later is not
  // suddenly "missing" from a request it never received.
  `CREATE TABLE report_campaign_venues (campaign_id TEXT NOT NULL REFERENCES report_campaigns(id),
    venue_id TEXT NOT NULL REFERENCES venues(id), PRIMARY KEY (campaign_id, venue_id))`,
  `CREATE INDEX report_campaign_venues_venue ON report_campaign_venues (venue_id)`,
  // totals: the report's totals as JSON, read when a campaign is compiled; figures: the whole
  // report (per day, gaps), read only to reproduce one version.
  `CREATE TABLE report_submissions (campaign_id TEXT NOT NULL REFERENCES report_campaigns(id),
    venue_id TEXT NOT NULL REFERENCES venues(id), version INTEGER NOT NULL,
    staff_smartphone INTEGER NOT NULL, staff_bluezone INTEGER NOT NULL, note TEXT NOT NULL,
    totals TEXT NOT NULL, figures TEXT NOT NULL, submitted_by TEXT NOT NULL, submitted_at BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, venue_id, version))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
