// Kiosk devices: enrollment (consuming a one-time code), public keys, heartbeats, replay
// memory of request signatures, and the fleet view.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, KiosksTable, VenuesTable } from '../db/schema.js';
import type { Heartbeat } from '../../shared/api/kiosk-upload.js';

export type EnrollOutcome =
  | { ok: true; kioskId: string; venue: VenuesTable }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' };

export interface FleetRow extends KiosksTable {
  venue_name: string;
  province: string;
  district: string;
}

export class KiosksRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Consumes the code and registers the key in one transaction: a code enrolls exactly one kiosk. */
  enroll(codeHash: string, publicKey: string, version: string, now: number): Promise<EnrollOutcome> {
    return this.db.transaction().execute(async (trx) => {
      const code = await trx.selectFrom('enrollment_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
      if (!code) return { ok: false, reason: 'unknown' } as const;
      if (code.used_at !== null) return { ok: false, reason: 'used' } as const;
      if (code.expires_at <= now) return { ok: false, reason: 'expired' } as const;
      const kioskId = randomUUID();
      // The used_at IS NULL guard makes a concurrent second use update nothing.
      const res = await trx
        .updateTable('enrollment_codes')
        .set({ used_at: now, kiosk_id: kioskId })
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return { ok: false, reason: 'used' } as const;
      await trx
        .insertInto('kiosks')
        .values({ id: kioskId, venue_id: code.venue_id, public_key: publicKey, version, enrolled_at: now, last_seen_at: now, radio_state: null, clock_synced: null, queue_depth: null, free_disk_mb: null, revoked_at: null })
        .execute();
      const venue = await trx.selectFrom('venues').selectAll().where('id', '=', code.venue_id).executeTakeFirstOrThrow();
      return { ok: true, kioskId, venue } as const;
    });
  }

  get(id: string): Promise<KiosksTable | undefined> {
    return this.db.selectFrom('kiosks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Revokes a kiosk; false when it does not exist. Its signatures are refused from now on. */
  async revoke(id: string, now: number): Promise<boolean> {
    const r = await this.db.updateTable('kiosks').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) return true;
    return (await this.get(id)) !== undefined;
  }

  /** Replaces the key only if it is still `oldKey`, so two racing rotations cannot both win. */
  async rotateKey(id: string, oldKey: string, newKey: string): Promise<boolean> {
    const r = await this.db.updateTable('kiosks').set({ public_key: newKey }).where('id', '=', id).where('public_key', '=', oldKey).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Remembers a signature; false when it was already seen (a replay). */
  async rememberSignature(kioskId: string, signature: string, expiresAt: number): Promise<boolean> {
    const res = await this.db
      .insertInto('seen_signatures')
      .values({ kiosk_id: kioskId, signature, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['kiosk_id', 'signature']).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async purgeSignatures(now: number): Promise<number> {
    const r = await this.db.deleteFrom('seen_signatures').where('expires_at', '<', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async touch(id: string, now: number, hb?: Heartbeat): Promise<void> {
    await this.db
      .updateTable('kiosks')
      .set(
        hb
          ? { last_seen_at: now, version: hb.version, radio_state: hb.radio_state, clock_synced: hb.clock_synced ? 1 : 0, queue_depth: hb.queue_depth, free_disk_mb: hb.free_disk_mb }
          : { last_seen_at: now },
      )
      .where('id', '=', id)
      .execute();
  }

  async fleet(f: { province?: string | undefined; venueIds?: readonly string[] | undefined }): Promise<FleetRow[]> {
    if (f.venueIds !== undefined && f.venueIds.length === 0) return [];
    let q = this.db
      .selectFrom('kiosks')
      .innerJoin('venues', 'venues.id', 'kiosks.venue_id')
      .selectAll('kiosks')
      .select(['venues.name as venue_name', 'venues.province', 'venues.district']);
    if (f.province !== undefined) q = q.where('venues.province', '=', f.province);
    if (f.venueIds !== undefined) q = q.where('venues.id', 'in', [...f.venueIds]);
    return q.orderBy('venues.province').orderBy('venues.name').execute();
  }
}
