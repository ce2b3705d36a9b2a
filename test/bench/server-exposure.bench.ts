// Exposure query at scale on PostgreSQL: BENCH_EXPOSURE_ROWS encounter rows (default 10 M:
// 5,000 venues × 14 days × 96 slots, generated with generate_series) and an F0 with 14
// daily keys (1,344 IDs). Reports the p95 of the engine's match query (F0 IDs joined with
// encounters ±1 slot; target < 50 ms), of a full recompute, and the ratio to the bare
// indexed lookup of the same IDs (visitor_id = ANY(ids), same driver, same run).
// Run: npx tsx test/bench/server-exposure.bench.ts
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { BACKENDS, createTestDatabase } from '../integration/server/helpers/backends.js';
import { check, round, writeResult, writeSkipped } from './bench-kit.js';
import { createServices } from '../../src-server/services.js';
import { loadConfig } from '../../src-server/config.js';
import { expandEntry } from '../../shared/protocol/bluezone-infof.js';
import { toHex } from '../../shared/hex.js';

const ROWS = Number(process.env['BENCH_EXPOSURE_ROWS'] ?? 10_000_000);
const VENUES = 5_000;
const DAYS = 14;
const RUNS = Number(process.env['BENCH_EXPOSURE_RUNS'] ?? 60);
const PLANTED = 40;

function p(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((q / 100) * s.length) - 1)] ?? Number.NaN;
}

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i += 1) await fn();
  const out: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function main(): Promise<void> {
  if (!BACKENDS.includes('postgres')) {
    process.stdout.write('PostgreSQL not reachable at 127.0.0.1:5432: exposure benchmark not run\n');
    writeSkipped('server-exposure', 'PostgreSQL not reachable at 127.0.0.1:5432');
    return;
  }
  const db = await createTestDatabase('postgres');
  const client = new pg.Client({ connectionString: db.url!, options: `-c search_path=${db.schema}` });
  await client.connect();
  try {
    const firstDay = Math.floor(Date.now() / 86_400_000) - DAYS;
    const baseSlot = firstDay * 96;
    const slots = DAYS * 96;
    const t0 = performance.now();
    await client.query(`INSERT INTO venues SELECT 'v' || g, 'Venue ' || g, 'market', 'P' || (g % 63), 'D' || (g % 700), 'W' || g, 0 FROM generate_series(0, ${VENUES - 1}) g`);
    // Load without secondary indexes, then build them: how a bulk import is done, and the
    // end state (PK + indexes of migration 001) is exactly what production queries see.
    for (const idx of ['encounters_visitor_slot', 'encounters_venue_slot', 'encounters_day']) await client.query(`DROP INDEX ${idx}`);
    await client.query('ALTER TABLE encounters DROP CONSTRAINT encounters_pkey');
    await client.query(`
      INSERT INTO encounters (kiosk_id, venue_id, visitor_id, slot, day, protocol, first_seen_min, last_seen_min, distance_rank, checked_in)
      SELECT 'k' || (g % ${VENUES}), 'v' || (g % ${VENUES}), upper(substr(md5(g::text), 1, 24)), s, s / 96,
             'bluezone_android', s * 15 + 1, s * 15 + 6, g % 3, 0
      FROM (SELECT g, ${baseSlot} + ((g / ${VENUES}) % ${slots}) AS s FROM generate_series(1, ${ROWS}) g) x`);
    const loadedS = (performance.now() - t0) / 1000;
    await client.query('ALTER TABLE encounters ADD PRIMARY KEY (kiosk_id, visitor_id, slot)');
    await client.query('CREATE INDEX encounters_visitor_slot ON encounters (visitor_id, slot)');
    await client.query('CREATE INDEX encounters_venue_slot ON encounters (venue_id, slot)');
    await client.query('CREATE INDEX encounters_day ON encounters (day)');
    await client.query('ANALYZE');
    const preparedS = (performance.now() - t0) / 1000;
    const count = Number((await client.query('SELECT COUNT(*)::bigint AS n FROM encounters')).rows[0].n);
    process.stdout.write(`generated ${count} encounters in ${round(loadedS)} s, indexed by ${round(preparedS)} s\n`);

    // The F0: 14 independent daily keys, one per day (as an official would enter them).
    const s = createServices(loadConfig({ BZ_SERVER_DATA_DIR: ':memory:' }), db.handle);
    const ids = [];
    for (let d = 0; d < DAYS; d += 1) {
      const start = (firstDay + d) * 86_400;
      ids.push(...expandEntry({ daily_key: toHex(randomBytes(32)), time_start: start, time_end: start + 86_399, max: 96 }, baseSlot, baseSlot + slots - 1));
    }
    const caseId = randomUUID();
    const now = Date.now();
    await s.f0.store({ id: caseId, reference: 'bench', province: 'P1', from_slot: baseSlot, to_slot: baseSlot + slots - 1, created_by: 'bench', created_at: now, updated_at: now }, true, ids.map((x) => ({ slot: x.slot, visitor_id: x.id })), []);
    // Plant real sightings of the F0 at a few venues, some one slot late.
    for (let i = 0; i < PLANTED; i += 1) {
      const x = ids[(i * 31) % ids.length]!;
      const slot = x.slot + (i % 3 === 0 ? 1 : 0);
      await client.query(
        `INSERT INTO encounters VALUES ($1, $2, $3, $4, $5, 'bluezone_android', $6, $7, 0, 0) ON CONFLICT DO NOTHING`,
        [`k${i * 97}`, `v${i * 97}`, x.id, slot, Math.floor(slot / 96), slot * 15, slot * 15 + 3],
      );
    }
    await client.query('ANALYZE encounters');
    const idList = ids.map((x) => x.id);

    const match = await time(() => s.engine.encounterHits(caseId));
    const hits = (await s.engine.encounterHits(caseId)).length;
    // The bare indexed lookup: the same 1,344 IDs probed in the (visitor_id, slot) index, no
    // slot window, no join with stored F0 rows.
    const BARE = 'SELECT e.venue_id, e.slot, e.first_seen_min, e.last_seen_min, e.distance_rank FROM unnest($1::text[]) AS u(id) JOIN encounters e ON e.visitor_id = u.id';
    const bare = await time(() => client.query(BARE, [idList]));
    const bareHits = (await client.query(BARE, [idList])).rowCount;
    const barePlan = (await client.query(`EXPLAIN ${BARE}`, [idList])).rows.map((r) => r['QUERY PLAN'] as string);
    const recompute = await time(() => s.engine.recompute(caseId));
    const plan = (await client.query(`EXPLAIN SELECT e.venue_id FROM f0_ids f JOIN encounters e ON e.visitor_id = f.visitor_id AND e.slot BETWEEN f.slot - 1 AND f.slot + 1 WHERE f.case_id = $1`, [caseId])).rows.map((r) => r['QUERY PLAN'] as string);

    const result = {
      rows_requested: ROWS,
      rows_measured: count,
      venues: VENUES,
      days: DAYS,
      f0_ids: ids.length,
      planted_sightings: PLANTED,
      match_rows: hits,
      bare_lookup_rows: bareHits,
      generation_seconds: round(preparedS),
      runs: RUNS,
      match_query_ms: { p50: round(p(match, 50)), p95: round(p(match, 95)), p99: round(p(match, 99)) },
      bare_lookup_ms: { p50: round(p(bare, 50)), p95: round(p(bare, 95)) },
      full_recompute_ms: { p50: round(p(recompute, 50)), p95: round(p(recompute, 95)) },
      ratio_p95_match_to_bare: round(p(match, 95) / p(bare, 95), 3),
      plan,
      bare_plan: barePlan,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    writeResult('server-exposure', result, [
      check('exposure match query p95 ms', '<=', 50, p(match, 95)),
      check('planted sightings found', '>=', PLANTED, hits),
    ]);
  } finally {
    await client.end();
    await db.drop();
  }
}

await main();
process.exit(0);
