// Venues and the one-time kiosk enrollment codes issued for them.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, VenuesTable } from '../db/schema.js';
import type { CreateVenueRequest } from '../../shared/api/server-api.js';

export interface VenueFilter {
  province?: string | undefined;
  district?: string | undefined;
  /** Restrict to these venues (a manager's scope). */
  ids?: readonly string[] | undefined;
}

export class VenuesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(v: CreateVenueRequest, now: number): Promise<VenuesTable> {
    const row: VenuesTable = { id: randomUUID(), name: v.name, kind: v.kind, province: v.province, district: v.district, ward: v.ward, created_at: now };
    await this.db.insertInto('venues').values(row).execute();
    return row;
  }

  async update(id: string, v: Pick<VenuesTable, 'name' | 'kind' | 'province' | 'district' | 'ward'>): Promise<VenuesTable> {
    await this.db.updateTable('venues').set(v).where('id', '=', id).execute();
    return (await this.get(id))!;
  }

  get(id: string): Promise<VenuesTable | undefined> {
    return this.db.selectFrom('venues').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByName(name: string): Promise<VenuesTable | undefined> {
    return this.db.selectFrom('venues').selectAll().where('name', '=', name).orderBy('created_at').executeTakeFirst();
  }

  async list(f: VenueFilter): Promise<VenuesTable[]> {
    if (f.ids !== undefined && f.ids.length === 0) return [];
    let q = this.db.selectFrom('venues').selectAll();
    if (f.province !== undefined) q = q.where('province', '=', f.province);
    if (f.district !== undefined) q = q.where('district', '=', f.district);
    if (f.ids !== undefined) q = q.where('id', 'in', [...f.ids]);
    return q.orderBy('province').orderBy('district').orderBy('name').execute();
  }

  async countExisting(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await this.db.selectFrom('venues').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', [...ids]).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async issueEnrollmentCode(venueId: string, codeHash: string, now: number, expiresAt: number): Promise<void> {
    await this.db.insertInto('enrollment_codes').values({ code_hash: codeHash, venue_id: venueId, created_at: now, expires_at: expiresAt, used_at: null, kiosk_id: null }).execute();
  }
}
