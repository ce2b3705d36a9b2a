// Ingest of signed kiosk batches. The whole batch is one transaction, keyed by
// (kiosk, batch_id): a retried batch is acknowledged again with duplicate=true and never
// stored twice. Merge rules agreed with the kiosk uploader:
//   encounters  UPSERT (kiosk, visitor_id, slot): min first_seen, max last_seen, closest
//               distance, OR of checked_in — so re-sent or partial rows converge;
//   attendance  UPSERT (kiosk, slot): replaced by the latest values (the kiosk recounts);
//   slot keys   insert-or-ignore (kiosk, slot): a slot's key never changes once uploaded.
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database, EncountersTable } from '../db/schema.js';
import type { BatchAck, KioskBatch } from '../../shared/api/kiosk-upload.js';
import { SLOTS_PER_DAY } from '../../shared/domain/slots.js';
import { kioskBroadcastId } from '../../shared/protocol/bluezone-infof.js';

export const DISTANCE_RANK = { near: 0, mid: 1, far: 2 } as const;
export const DISTANCE_NAME = ['near', 'mid', 'far'] as const;

/** Rows per INSERT: 10 columns × 500 stays far below SQLite's and PostgreSQL's bind limits. */
const CHUNK = 500;

export interface KioskRef {
  readonly id: string;
  readonly venue_id: string;
}

const NCOL = 10;
// Offsets of the merged fields in a row of ENCOUNTER_COLUMNS.
const FIRST = 6;
const LAST = 7;
const RANK = 8;
const CHECKED = 9;

/**
 * The batch's encounters as one flat parameter array in ENCOUNTER_COLUMNS order, duplicates
 * of (visitor_id, slot) merged in place: one statement may not touch the same key twice
 * (PostgreSQL refuses), and building the bind array directly spares ~1,000 objects a batch.
 */
function encounterParams(kiosk: KioskRef, batch: KioskBatch): unknown[] {
  const params: unknown[] = [];
  const at = new Map<string, number>();
  for (const e of batch.encounters) {
    const key = `${e.visitor_id}|${e.slot}`;
    const rank = DISTANCE_RANK[e.distance];
    const checked = e.checked_in ? 1 : 0;
    const o = at.get(key);
    if (o === undefined) {
      at.set(key, params.length);
      params.push(kiosk.id, kiosk.venue_id, e.visitor_id, e.slot, Math.floor(e.slot / SLOTS_PER_DAY), e.protocol, e.first_seen_min, e.last_seen_min, rank, checked);
    } else {
      params[o + FIRST] = Math.min(params[o + FIRST] as number, e.first_seen_min);
      params[o + LAST] = Math.max(params[o + LAST] as number, e.last_seen_min);
      params[o + RANK] = Math.min(params[o + RANK] as number, rank);
      params[o + CHECKED] = Math.max(params[o + CHECKED] as number, checked);
    }
  }
  return params;
}

const ENCOUNTER_COLUMNS = ['kiosk_id', 'venue_id', 'visitor_id', 'slot', 'day', 'protocol', 'first_seen_min', 'last_seen_min', 'distance_rank', 'checked_in'] as const;

function encounterUpsert(db: Kysely<Database>, rows: EncountersTable[]) {
  return db
    .insertInto('encounters')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['kiosk_id', 'visitor_id', 'slot']).doUpdateSet({
        first_seen_min: sql`CASE WHEN excluded.first_seen_min < encounters.first_seen_min THEN excluded.first_seen_min ELSE encounters.first_seen_min END`,
        last_seen_min: sql`CASE WHEN excluded.last_seen_min > encounters.last_seen_min THEN excluded.last_seen_min ELSE encounters.last_seen_min END`,
        distance_rank: sql`CASE WHEN excluded.distance_rank < encounters.distance_rank THEN excluded.distance_rank ELSE encounters.distance_rank END`,
        checked_in: sql`CASE WHEN excluded.checked_in > encounters.checked_in THEN excluded.checked_in ELSE encounters.checked_in END`,
      }),
    );
}

export class BatchesRepo {
  /** SQL text of the encounter upsert per row count: building a 500-row query costs ~1 ms each time. */
  private readonly upsertSql = new Map<number, string>();

  constructor(private readonly db: Kysely<Database>) {}

  private async upsertEncounters(trx: Kysely<Database>, params: unknown[]): Promise<void> {
    const rows = params.length / NCOL;
    let text = this.upsertSql.get(rows);
    if (text === undefined) {
      const objects: EncountersTable[] = [];
      for (let o = 0; o < params.length; o += NCOL) {
        objects.push(Object.fromEntries(ENCOUNTER_COLUMNS.map((c, i) => [c, params[o + i]])) as unknown as EncountersTable);
      }
      const compiled = encounterUpsert(trx, objects).compile();
      // Reuse is only valid if Kysely binds the values in ENCOUNTER_COLUMNS order; checked once.
      const same = compiled.parameters.length === params.length && compiled.parameters.every((p, i) => p === params[i]);
      if (!same) throw new Error('encounter upsert parameter order differs from ENCOUNTER_COLUMNS');
      text = compiled.sql;
      if (this.upsertSql.size < 64) this.upsertSql.set(rows, text);
    }
    await trx.executeQuery(CompiledQuery.raw(text, params));
  }

  ingest(kiosk: KioskRef, batch: KioskBatch, now: number): Promise<BatchAck> {
    return this.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('batches')
        .values({
          kiosk_id: kiosk.id,
          batch_id: batch.batch_id,
          received_at: now,
          encounters: batch.encounters.length,
          slot_keys: batch.slot_keys.length,
          attendance: batch.attendance.length,
        })
        .onConflict((oc) => oc.columns(['kiosk_id', 'batch_id']).doNothing())
        .executeTakeFirst();
      if (Number(claimed.numInsertedOrUpdatedRows ?? 0n) !== 1) {
        const prev = await trx
          .selectFrom('batches')
          .selectAll()
          .where('kiosk_id', '=', kiosk.id)
          .where('batch_id', '=', batch.batch_id)
          .executeTakeFirstOrThrow();
        return { batch_id: batch.batch_id, duplicate: true, accepted: { encounters: prev.encounters, slot_keys: prev.slot_keys, attendance: prev.attendance } };
      }

      const params = encounterParams(kiosk, batch);
      for (let i = 0; i < params.length; i += CHUNK * NCOL) {
        await this.upsertEncounters(trx, params.slice(i, i + CHUNK * NCOL));
      }

      const keys = new Map(batch.slot_keys.map((k) => [k.slot, k.key]));
      const keyRows = [...keys].map(([slot, key]) => ({
        kiosk_id: kiosk.id,
        venue_id: kiosk.venue_id,
        slot,
        day: Math.floor(slot / SLOTS_PER_DAY),
        key_hex: key,
        broadcast_id: kioskBroadcastId(key),
      }));
      for (let i = 0; i < keyRows.length; i += CHUNK) {
        await trx
          .insertInto('slot_keys')
          .values(keyRows.slice(i, i + CHUNK))
          .onConflict((oc) => oc.columns(['kiosk_id', 'slot']).doNothing())
          .execute();
      }

      // Latest wins: within one batch the last record of a slot is the latest count.
      const att = new Map(batch.attendance.map((a) => [a.slot, a]));
      const attRows = [...att.values()].map((a) => ({
        kiosk_id: kiosk.id,
        venue_id: kiosk.venue_id,
        slot: a.slot,
        day: Math.floor(a.slot / SLOTS_PER_DAY),
        bluezone_devices: a.bluezone_devices,
        gaen_devices: a.gaen_devices,
        arrivals: a.arrivals,
        no_app: a.no_app,
        helped_install: a.helped_install,
      }));
      for (let i = 0; i < attRows.length; i += CHUNK) {
        await trx
          .insertInto('attendance')
          .values(attRows.slice(i, i + CHUNK))
          .onConflict((oc) =>
            oc.columns(['kiosk_id', 'slot']).doUpdateSet((eb) => ({
              bluezone_devices: eb.ref('excluded.bluezone_devices'),
              gaen_devices: eb.ref('excluded.gaen_devices'),
              arrivals: eb.ref('excluded.arrivals'),
              no_app: eb.ref('excluded.no_app'),
              helped_install: eb.ref('excluded.helped_install'),
            })),
          )
          .execute();
      }

      // Per local day, the newest estimate wins: a batch retried late never overwrites a
      // later one (updated_at is the batch's creation time on the kiosk).
      const days = new Map((batch.venue_days ?? []).map((d) => [d.day, d]));
      for (const d of days.values()) {
        await trx
          .insertInto('venue_days')
          .values({
            kiosk_id: kiosk.id,
            venue_id: kiosk.venue_id,
            day: d.day,
            unique_visitors: d.unique_visitors,
            device_slots: d.device_slots,
            median_dwell_s: d.median_dwell_s,
            gaen_devices: d.gaen_devices,
            updated_at: batch.created_at,
          })
          .onConflict((oc) =>
            oc
              .columns(['kiosk_id', 'day'])
              .doUpdateSet((eb) => ({
                venue_id: eb.ref('excluded.venue_id'),
                unique_visitors: eb.ref('excluded.unique_visitors'),
                device_slots: eb.ref('excluded.device_slots'),
                median_dwell_s: eb.ref('excluded.median_dwell_s'),
                gaen_devices: eb.ref('excluded.gaen_devices'),
                updated_at: eb.ref('excluded.updated_at'),
              }))
              .where((eb) => eb('venue_days.updated_at', '<=', eb.ref('excluded.updated_at'))),
          )
          .execute();
      }

      const hb = batch.heartbeat;
      await trx
        .updateTable('kiosks')
        .set({ last_seen_at: now, version: hb.version, radio_state: hb.radio_state, clock_synced: hb.clock_synced ? 1 : 0, queue_depth: hb.queue_depth, free_disk_mb: hb.free_disk_mb })
        .where('id', '=', kiosk.id)
        .execute();
      return {
        batch_id: batch.batch_id,
        duplicate: false,
        accepted: {
          encounters: batch.encounters.length,
          slot_keys: batch.slot_keys.length,
          attendance: batch.attendance.length,
          ...(batch.venue_days !== undefined ? { venue_days: batch.venue_days.length } : {}),
        },
      };
    });
  }
}
