// Exposure engine (docs/architecture.md §5.4). For one F0 case:
//  1. the kiosks saw the F0: the F0's IDs per slot joined with venue encounters, allowing
//     one slot either side (phones keep advertising the previous ID up to ~30 s);
//  2. the F0's phone saw a kiosk: contact IDs from the F0's history equal to a kiosk's
//     broadcast ID (derived from its uploaded slot key), again ±1 slot;
// grouped per venue into one exposure (slot range, closest distance, dwell, co-present
// devices), upserted by (case, venue) so re-running with more data is idempotent.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { F0Repo } from '../repositories/f0-repo.js';
import { ExposuresRepo, type ExposureFacts } from '../repositories/exposures-repo.js';

interface Hit {
  venue_id: string;
  slot: number;
  first_min: number;
  last_min: number;
  distance_rank: number;
  via: 'encounters' | 'history';
}

/** Total minutes covered by a set of [first, last] minute intervals (inclusive). */
export function coveredMinutes(intervals: readonly [number, number][]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curStart = -1;
  let curEnd = -2;
  for (const [a, b] of sorted) {
    if (a > curEnd + 1) {
      if (curEnd >= curStart && curStart >= 0) total += curEnd - curStart + 1;
      curStart = a;
      curEnd = b;
    } else if (b > curEnd) curEnd = b;
  }
  if (curStart >= 0) total += curEnd - curStart + 1;
  return total;
}

/** Background recompute pauses this many times its own duration between cases (≤ 25 % of the time). */
const RECOMPUTE_PAUSE_FACTOR = 3;

export class ExposureEngine {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly f0: F0Repo,
    private readonly now: () => number,
    /** Called after a case's exposures changed: publication state and status follow. */
    private readonly onRecomputed: (caseId: string) => Promise<void> = () => Promise.resolve(),
  ) {}

  /** Recomputes one case's exposures; returns the number of venues exposed. */
  async recompute(caseId: string): Promise<number> {
    const viaEncounters = await this.encounterHits(caseId);
    const viaHistory = await this.historyHits(caseId);
    const hits: Hit[] = [
      ...viaEncounters.map((r) => ({ ...r, via: 'encounters' as const })),
      ...viaHistory.map((r) => ({ ...r, via: 'history' as const })),
    ];
    const byVenue = new Map<string, Hit[]>();
    for (const h of hits) {
      const list = byVenue.get(h.venue_id) ?? [];
      list.push(h);
      byVenue.set(h.venue_id, list);
    }
    const t = this.now();
    if (byVenue.size === 0) {
      await this.onRecomputed(caseId);
      return 0;
    }
    const venueIds = [...byVenue.keys()];
    const venues = new Map(
      (await this.db.selectFrom('venues').select(['id', 'province', 'district']).where('id', 'in', venueIds).execute()).map((v) => [v.id, v]),
    );
    const pairs = new Map(hits.map((h) => [`${h.venue_id}|${h.slot}`, { venue_id: h.venue_id, slot: Number(h.slot) }]));
    const coPresent = await this.coPresent(caseId, [...pairs.values()]);
    const all: ExposureFacts[] = [];
    for (const [venueId, list] of byVenue) {
      const venue = venues.get(venueId);
      if (!venue) continue;
      const slots = [...new Set(list.map((h) => Number(h.slot)))].sort((a, b) => a - b);
      const vias = new Set(list.map((h) => h.via));
      const perSlot = coPresent.get(venueId);
      const facts: ExposureFacts = {
        case_id: caseId,
        venue_id: venueId,
        province: venue.province,
        district: venue.district,
        first_slot: slots[0]!,
        last_slot: slots[slots.length - 1]!,
        slot_count: slots.length,
        distance_rank: Math.min(...list.map((h) => Number(h.distance_rank))),
        dwell_minutes: coveredMinutes(list.map((h) => [Number(h.first_min), Number(h.last_min)])),
        co_present_devices: slots.reduce((m, sl) => Math.max(m, perSlot?.get(sl) ?? 0), 0),
        source: vias.size === 2 ? 'both' : vias.has('encounters') ? 'encounters' : 'history',
      };
      all.push(facts);
    }
    // One transaction: a case's exposures change together, and one commit instead of one per venue.
    await this.db.transaction().execute(async (trx) => {
      const repo = new ExposuresRepo(trx);
      for (const facts of all) await repo.upsert(facts, t);
    });
    await this.onRecomputed(caseId);
    return byVenue.size;
  }

  /** Venue encounters of the F0's IDs, one slot either side (the query the benchmark times). */
  async encounterHits(caseId: string): Promise<Omit<Hit, 'via'>[]> {
    const r = await sql<Omit<Hit, 'via'>>`
      SELECT e.venue_id AS venue_id, e.slot AS slot, e.first_seen_min AS first_min,
             e.last_seen_min AS last_min, e.distance_rank AS distance_rank
      FROM f0_ids f
      JOIN encounters e ON e.visitor_id = f.visitor_id AND e.slot BETWEEN f.slot - 1 AND f.slot + 1
      WHERE f.case_id = ${caseId}`.execute(this.db);
    return r.rows;
  }

  /** Kiosk slot keys whose broadcast ID the F0's phone logged, one slot either side. */
  async historyHits(caseId: string): Promise<Omit<Hit, 'via'>[]> {
    const r = await sql<Omit<Hit, 'via'>>`
      SELECT k.venue_id AS venue_id, k.slot AS slot, c.first_min AS first_min,
             c.last_min AS last_min, c.distance_rank AS distance_rank
      FROM f0_contacts c
      JOIN slot_keys k ON k.broadcast_id = c.contact_id AND k.slot BETWEEN c.slot - 1 AND c.slot + 1
      WHERE c.case_id = ${caseId}`.execute(this.db);
    return r.rows;
  }

  /**
   * Peak number of other devices in one slot of the exposure. Counting distinct IDs across
   * slots would count each phone once per slot, because Bluezone IDs rotate every slot.
   */
  private async coPresent(caseId: string, pairs: readonly { venue_id: string; slot: number }[]): Promise<Map<string, Map<number, number>>> {
    const out = new Map<string, Map<number, number>>();
    // Probe exactly the (venue, slot) pairs of the exposure through the (venue_id, slot)
    // index; a slot range per venue would read every row of the window. UNION ALL of
    // SELECTs is the derived-table form SQLite and PostgreSQL both accept. The F0's own rows
    // are those encounterHits matches (an F0 ID of the slot or one either side): bounding the
    // slot lets the f0_ids key (case_id, slot, visitor_id) find them; without it SQLite read
    // every ID of the case for each row of the slot, and each upload's recompute took seconds
    // per open case (server-ingest benchmark, open cases).
    for (let i = 0; i < pairs.length; i += 400) {
      const chunk = pairs.slice(i, i + 400);
      const list = sql.join(
        chunk.map((p) => sql`SELECT ${p.venue_id} AS venue_id, CAST(${p.slot} AS INTEGER) AS slot`),
        sql` UNION ALL `,
      );
      const r = await sql<{ venue_id: string; slot: number; n: number }>`
        SELECT e.venue_id AS venue_id, e.slot AS slot, COUNT(DISTINCT e.visitor_id) AS n
        FROM (${list}) p JOIN encounters e ON e.venue_id = p.venue_id AND e.slot = p.slot
        WHERE NOT EXISTS (SELECT 1 FROM f0_ids f WHERE f.case_id = ${caseId} AND f.slot BETWEEN e.slot - 1 AND e.slot + 1 AND f.visitor_id = e.visitor_id)
        GROUP BY e.venue_id, e.slot`.execute(this.db);
      for (const row of r.rows) {
        const m = out.get(row.venue_id) ?? new Map<number, number>();
        m.set(Number(row.slot), Number(row.n));
        out.set(row.venue_id, m);
      }
    }
    return out;
  }

  /**
   * After a kiosk upload: the open cases whose window overlaps the new slots are recomputed
   * in the background, one at a time, each case once however many uploads asked for it
   * meanwhile. The upload is answered as soon as its data is stored: recomputing inside
   * every upload made 50 kiosks' uploads time out while a few cases were open (server-ingest
   * benchmark). A case's exposures follow within about four times the time the recomputes
   * of the cases waiting before it take.
   */
  queueOverlapping(fromSlot: number, toSlot: number): void {
    const r = this.pendingRange;
    this.pendingRange = r === null ? { from: fromSlot, to: toSlot } : { from: Math.min(r.from, fromSlot), to: Math.max(r.to, toSlot) };
    this.kick();
  }

  /** Queues every case: at start-up, for uploads whose recompute a stop interrupted. */
  queueAll(): void {
    this.queueOverlapping(0, 2_147_483_647);
  }

  /** Resolves when no recompute is waiting or running (tests; shutdown). */
  async settled(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  /** Where background failures go (the server's log); the data they were about stays stored. */
  onBackgroundError: (err: unknown, what: string) => void = () => undefined;

  private pendingRange: { from: number; to: number } | null = null;
  private readonly waiting = new Set<string>();
  private running: Promise<void> | null = null;

  private kick(): void {
    if (this.running !== null) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.pendingRange !== null || this.waiting.size > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const r = this.pendingRange;
      if (r !== null) {
        this.pendingRange = null;
        try {
          for (const c of await this.f0.overlapping(r.from, r.to)) this.waiting.add(c.id);
        } catch (err) {
          this.onBackgroundError(err, `open cases of slots ${r.from}..${r.to}`);
        }
      }
      const next = this.waiting.values().next();
      if (next.done === true) return;
      this.waiting.delete(next.value);
      const started = performance.now();
      try {
        await this.recompute(next.value);
      } catch (err) {
        this.onBackgroundError(err, `case ${next.value}`);
      }
      // SQLite's driver is synchronous: a recompute holds the event loop. Pausing three times
      // as long as it took keeps uploads and officials served at least 3/4 of the time.
      const took = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, Math.min(took * RECOMPUTE_PAUSE_FACTOR, 30_000)));
    }
  }
}
