// Administrative units (migration 006): replaced as a whole by an import, read by pickers,
// and used to check that a venue's place names name a real unit.
import type { Kysely } from 'kysely';
import type { AreasTable, Database } from '../db/schema.js';
import type { AreaRow } from '../areas/areas-csv.js';

export class AreasRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Replaces every unit in one transaction: a failed import leaves the old list. */
  async replaceAll(rows: readonly AreaRow[], now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('areas').execute();
      for (let i = 0; i < rows.length; i += 500) {
        await trx
          .insertInto('areas')
          .values(rows.slice(i, i + 500).map((r) => ({ ...r, imported_at: now })))
          .execute();
      }
    });
  }

  list(): Promise<AreasTable[]> {
    return this.db.selectFrom('areas').selectAll().orderBy('level').orderBy('name').execute();
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('areas').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * True when province > district > ward (or province > ward, district '') is a known path.
   * Names arrive NFC-normalised, as they are stored.
   */
  async pathExists(province: string, district: string, ward: string): Promise<boolean> {
    const p = await this.db.selectFrom('areas').select('code').where('level', '=', 'province').where('name', '=', province).execute();
    for (const { code } of p) {
      let parent = code;
      if (district !== '') {
        const d = await this.db.selectFrom('areas').select('code').where('level', '=', 'district').where('name', '=', district).where('parent_code', '=', code).executeTakeFirst();
        if (!d) continue;
        parent = d.code;
      }
      const w = await this.db.selectFrom('areas').select('code').where('level', '=', 'ward').where('name', '=', ward).where('parent_code', '=', parent).executeTakeFirst();
      if (w) return true;
    }
    return false;
  }
}
