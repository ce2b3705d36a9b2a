// Migration 008: the feed's private signing keys leave the database (issue 12 item 12). They
// live in files of their own (src-server/feed/feed-key-store.ts); migrateToLatest moves any key
// found here to its file and blanks the column before this runs. A key still here means the
// move did not run (no key store was given): refuse rather than drop it.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const left = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM feed_keys WHERE private_key_pem <> ''`.execute(db);
  if (Number(left.rows[0]?.n ?? 0) > 0) {
    throw new Error(
      'feed signing keys are still in the database: start the server or run `cli.js migrate` (which move them to BZ_FEED_KEY_DIR) instead of migrating without a key folder',
    );
  }
  await sql`ALTER TABLE feed_keys DROP COLUMN private_key_pem`.execute(db);
}
