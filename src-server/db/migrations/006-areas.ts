// Migration 006: administrative units as data (province > district > ward, or province > ward
// where the 2025 reorganisation removed the district level), imported by `cli.js import-areas`.
// Also rewrites the place names already stored into Unicode NFC, the form the server now
// compares in: a name typed as decomposed "Hà Nội" (NFD) no longer differs from "Hà Nội".
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  `CREATE TABLE areas (code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL,
    parent_code TEXT NULL, imported_at BIGINT NOT NULL)`,
  `CREATE INDEX areas_parent ON areas (parent_code)`,
  `CREATE INDEX areas_level_name ON areas (level, name)`,
];

/** Tables and text columns holding place names typed by people. */
const NAME_COLUMNS: readonly { table: string; key: string; columns: readonly string[] }[] = [
  { table: 'venues', key: 'id', columns: ['name', 'province', 'district', 'ward'] },
  { table: 'users', key: 'id', columns: ['province'] },
  { table: 'f0_cases', key: 'id', columns: ['province'] },
  { table: 'exposures', key: 'id', columns: ['province', 'district'] },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  for (const { table, key, columns } of NAME_COLUMNS) {
    const rows = await sql<Record<string, string | null>>`SELECT ${sql.ref(key)}, ${sql.join(columns.map((c) => sql.ref(c)))} FROM ${sql.table(table)}`.execute(db);
    for (const row of rows.rows) {
      for (const c of columns) {
        const v = row[c];
        if (typeof v !== 'string' || v.normalize('NFC') === v) continue;
        await sql`UPDATE ${sql.table(table)} SET ${sql.ref(c)} = ${v.normalize('NFC')} WHERE ${sql.ref(key)} = ${row[key]}`.execute(db);
      }
    }
  }
}
