// Notices queued for a venue's kiosks ("notify venue") and their delivery: when each kiosk
// fetched a notice and when staff acknowledged it on a kiosk (docs/architecture.md §5.5).
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database, NoticesTable } from '../db/schema.js';

export type NoticeWithAck = NoticesTable & { acknowledged_at: number | null };

/** The latest notice of an exposure with its first fetch and first acknowledgement. */
export interface ExposureNotice {
  notice: NoticesTable;
  fetched_at: number | null;
  acknowledged_at: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export class NoticesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(n: Omit<NoticesTable, 'id'>): Promise<string> {
    const id = randomUUID();
    await this.db.insertInto('notices').values({ id, ...n }).execute();
    return id;
  }

  get(id: string): Promise<NoticesTable | undefined> {
    return this.db.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst();
  }

  forVenue(venueId: string, sinceMs: number): Promise<NoticesTable[]> {
    return this.db.selectFrom('notices').selectAll().where('venue_id', '=', venueId).where('created_at', '>=', sinceMs).orderBy('created_at').execute();
  }

  /** The venue's notices with the first acknowledgement on any of its kiosks. */
  async forVenueWithAck(venueId: string, sinceMs: number): Promise<NoticeWithAck[]> {
    const rows = await this.db
      .selectFrom('notices as n')
      .leftJoin('notice_deliveries as d', 'd.notice_id', 'n.id')
      .selectAll('n')
      .select((eb) => eb.fn.min('d.acknowledged_at').as('ack'))
      .where('n.venue_id', '=', venueId)
      .where('n.created_at', '>=', sinceMs)
      .groupBy(['n.id', 'n.venue_id', 'n.exposure_id', 'n.kind', 'n.message_vi', 'n.message_en', 'n.first_slot', 'n.last_slot', 'n.created_at'])
      .orderBy('n.created_at')
      .execute();
    return rows.map(({ ack, ...n }) => ({ ...n, created_at: Number(n.created_at), acknowledged_at: num(ack) }));
  }

  /** Records the first fetch of each notice by this kiosk; later fetches change nothing. */
  async markFetched(kioskId: string, noticeIds: readonly string[], now: number): Promise<void> {
    if (noticeIds.length === 0) return;
    await this.db
      .insertInto('notice_deliveries')
      .values(noticeIds.map((notice_id) => ({ notice_id, kiosk_id: kioskId, fetched_at: now, acknowledged_at: null })))
      .onConflict((oc) => oc.columns(['notice_id', 'kiosk_id']).doNothing())
      .execute();
  }

  /** Records staff's acknowledgement on this kiosk; the first one stands. Returns the time kept. */
  async acknowledge(noticeId: string, kioskId: string, at: number, now: number): Promise<number> {
    await this.db
      .insertInto('notice_deliveries')
      .values({ notice_id: noticeId, kiosk_id: kioskId, fetched_at: Math.min(at, now), acknowledged_at: at })
      .onConflict((oc) =>
        oc.columns(['notice_id', 'kiosk_id']).doUpdateSet({
          acknowledged_at: sql`COALESCE(notice_deliveries.acknowledged_at, excluded.acknowledged_at)`,
        }),
      )
      .execute();
    const row = await this.db.selectFrom('notice_deliveries').select('acknowledged_at').where('notice_id', '=', noticeId).where('kiosk_id', '=', kioskId).executeTakeFirstOrThrow();
    return Number(row.acknowledged_at);
  }

  /** For each exposure, its latest notice and that notice's delivery. */
  async latestForExposures(exposureIds: readonly string[]): Promise<Map<string, ExposureNotice>> {
    const out = new Map<string, ExposureNotice>();
    for (let i = 0; i < exposureIds.length; i += 500) {
      const chunk = exposureIds.slice(i, i + 500);
      const rows = await this.db
        .selectFrom('notices as n')
        .leftJoin('notice_deliveries as d', 'd.notice_id', 'n.id')
        .selectAll('n')
        .select((eb) => [eb.fn.min('d.fetched_at').as('fetched'), eb.fn.min('d.acknowledged_at').as('ack')])
        .where('n.exposure_id', 'in', chunk)
        .groupBy(['n.id', 'n.venue_id', 'n.exposure_id', 'n.kind', 'n.message_vi', 'n.message_en', 'n.first_slot', 'n.last_slot', 'n.created_at'])
        .orderBy('n.created_at')
        .orderBy('n.id')
        .execute();
      for (const { fetched, ack, ...n } of rows) {
        out.set(n.exposure_id!, {
          notice: { ...n, created_at: Number(n.created_at), first_slot: num(n.first_slot), last_slot: num(n.last_slot) },
          fetched_at: num(fetched),
          acknowledged_at: num(ack),
        });
      }
    }
    return out;
  }
}
