// Exposure matching at scale on PostgreSQL: BENCH_EXPOSURE_ROWS encounter rows (default 10 M:
// 5,000 venues x 14 days x 96 slots; 100 M with BENCH_EXPOSURE_ROWS=100000000), generated with
// generate_series on a reniced backend. 50 different F0s, each with 14 daily keys (1,344 IDs)
// and a few planted sightings, each submitted once as an official does: POST /v1/f0-cases
// through the server (Fastify inject: auth, schema, intake, IDs stored, recompute, exposures
// committed, audit, the answer listing the exposures). Reports the p95 over the 50 F0s of
// that intake-to-exposures-stored time, and of the engine's match query (F0 IDs joined with
// encounters ±1 slot; target <= 50 ms), run once per F0 after all intakes in another order,
// with the bare indexed lookup of the same IDs (visitor_id = ANY(ids), same driver) beside it.
// Run: npx tsx test/bench/server-exposure.bench.ts
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_ADMIN_URL, createTestDatabase } from '../integration/server/helpers/backends.js';
import { check, postgresProblem, round, writeResult, writeSkipped } from './bench-kit.js';
import { buildApp } from '../../src-server/app.js';
import { loadConfig } from '../../src-server/config.js';
import { expandEntry } from '../../shared/protocol/bluezone-infof.js';
import { toHex } from '../../shared/hex.js';

const ROWS = Number(process.env['BENCH_EXPOSURE_ROWS'] ?? 10_000_000);
const VENUES = 5_000;
const DAYS = 14;
const F0S = Number(process.env['BENCH_EXPOSURE_F0S'] ?? 50);
/** Sightings of each F0 planted at venues (a third of them one slot late). */
const PLANTED_PER_F0 = 4;

function p(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((q / 100) * s.length) - 1)] ?? Number.NaN;
}

function stats(xs: number[]) {
  return { p50: round(p(xs, 50)), p95: round(p(xs, 95)), max: round(Math.max(...xs)) };
}

async function main(): Promise<void> {
  const problem = await postgresProblem(PG_ADMIN_URL);
  if (problem !== null) {
    writeSkipped('server-exposure', problem);
    return;
  }
  const db = await createTestDatabase('postgres');
  const client = new pg.Client({ connectionString: db.url!, options: `-c search_path=${db.schema}` });
  await client.connect();
  // The generation runs in this connection's backend: niced like the rest of the benchmark,
  // since the machine is shared (renice needs the same user or root; without it, a note).
  const backendPid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
  const reniced = spawnSync('renice', ['-n', '15', '-p', String(backendPid)], { encoding: 'utf8' }).status === 0;
  if (!reniced) process.stdout.write(`could not renice PostgreSQL backend ${backendPid}: generation runs at its normal priority\n`);
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

    const config = loadConfig({ BZ_SERVER_DATA_DIR: ':memory:', BZ_RATE_LIMIT_PER_MIN: '1000000', BZ_LOG_LEVEL: 'silent' });
    const app = await buildApp({ config, database: db.handle, logger: false, passwordCostLog2: 12 });
    await app.ready();
    const s = app.services;
    await s.users.create({ username: 'bench-official', passwordHash: await s.passwords.hash('bench-official-password'), role: 'health_official', province: 'P1', venueIds: [] }, Date.now());
    const login = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'bench-official', password: 'bench-official-password' } });
    if (login.statusCode !== 200) throw new Error(`bench_login_failed: ${login.body}`);
    const auth = { authorization: `Bearer ${(login.json() as { token: string }).token}` };

    // Each F0: 14 independent daily keys, one per day (as an official would enter them), and
    // sightings planted at venues before the intake, as kiosks would have uploaded them.
    const f0s = [];
    for (let f = 0; f < F0S; f += 1) {
      const entries = Array.from({ length: DAYS }, (_, d) => {
        const start = (firstDay + d) * 86_400;
        return { daily_key: toHex(randomBytes(32)), time_start: start, time_end: start + 86_399, max: 96 };
      });
      const ids = entries.flatMap((e) => expandEntry(e, baseSlot, baseSlot + slots - 1));
      for (let i = 0; i < PLANTED_PER_F0; i += 1) {
        const x = ids[(f * 131 + i * 337) % ids.length]!;
        const slot = x.slot + (i % 3 === 0 ? 1 : 0);
        const v = (f * 97 + i * 1_013) % VENUES;
        await client.query(
          `INSERT INTO encounters VALUES ($1, $2, $3, $4, $5, 'bluezone_android', $6, $7, 0, 0) ON CONFLICT DO NOTHING`,
          [`k${v}`, `v${v}`, x.id, slot, Math.floor(slot / 96), slot * 15, slot * 15 + 3],
        );
      }
      f0s.push({ entries, ids: ids.map((x) => x.id), caseId: '' });
    }
    await client.query('ANALYZE encounters');

    const intakeMs: number[] = [];
    let exposuresStored = 0;
    for (const [f, f0] of f0s.entries()) {
      const t = performance.now();
      const r = await app.inject({
        method: 'POST',
        url: '/v1/f0-cases',
        headers: auth,
        payload: { reference: `bench-${f}`, province: 'P1', infectious_from_s: firstDay * 86_400, infectious_to_s: (firstDay + DAYS) * 86_400 - 1, daily_keys: f0.entries },
      });
      intakeMs.push(performance.now() - t);
      if (r.statusCode !== 201) throw new Error(`bench_intake_failed: ${r.statusCode} ${r.body.slice(0, 500)}`);
      const out = r.json() as { case: { id: string }; ids_derived: number; exposures: unknown[]; referred: unknown[] };
      if (out.ids_derived !== f0.ids.length) throw new Error(`bench_ids_mismatch: ${out.ids_derived} IDs derived, expected ${f0.ids.length}`);
      f0.caseId = out.case.id;
      exposuresStored += out.exposures.length + out.referred.length;
    }

    // The match query once per F0, in a different order from the intakes (every 7th F0 next).
    const matchMs: number[] = [];
    const bareMs: number[] = [];
    let hits = 0;
    let bareHits = 0;
    const BARE = 'SELECT e.venue_id, e.slot, e.first_seen_min, e.last_seen_min, e.distance_rank FROM unnest($1::text[]) AS u(id) JOIN encounters e ON e.visitor_id = u.id';
    for (let i = 0; i < F0S; i += 1) {
      const f0 = f0s[(i * 7) % F0S]!;
      let t = performance.now();
      hits += (await s.engine.encounterHits(f0.caseId)).length;
      matchMs.push(performance.now() - t);
      t = performance.now();
      bareHits += (await client.query(BARE, [f0.ids])).rowCount ?? 0;
      bareMs.push(performance.now() - t);
    }
    const barePlan = (await client.query(`EXPLAIN ${BARE}`, [f0s[0]!.ids])).rows.map((r) => r['QUERY PLAN'] as string);
    const plan = (await client.query(`EXPLAIN SELECT e.venue_id FROM f0_ids f JOIN encounters e ON e.visitor_id = f.visitor_id AND e.slot BETWEEN f.slot - 1 AND f.slot + 1 WHERE f.case_id = $1`, [f0s[0]!.caseId])).rows.map((r) => r['QUERY PLAN'] as string);
    await app.close();
    const planted = F0S * PLANTED_PER_F0;

    const result = {
      rows_requested: ROWS,
      rows_measured: count,
      venues: VENUES,
      days: DAYS,
      f0s: F0S,
      f0_ids_each: f0s[0]!.ids.length,
      planted_sightings: planted,
      match_rows: hits,
      bare_lookup_rows: bareHits,
      exposures_stored: exposuresStored,
      generation_seconds: round(preparedS),
      generation_backend_reniced: reniced,
      intake_to_exposures_stored_ms: stats(intakeMs),
      match_query_ms: stats(matchMs),
      bare_lookup_ms: stats(bareMs),
      ratio_p95_match_to_bare: round(p(matchMs, 95) / p(bareMs, 95), 3),
      method:
        'each F0 submitted once through POST /v1/f0-cases (inject) and timed to its answer (exposures committed); then the match query once per F0, ' +
        'in another order; pages an F0 intake touched may still be cached by PostgreSQL or the OS',
      plan,
      bare_plan: barePlan,
    };
    process.stdout.write(`${JSON.stringify({ ...result, plan: undefined, bare_plan: undefined }, null, 2)}\n`);
    writeResult('server-exposure', result, [
      check(`exposure match query p95 ms (${F0S} F0s)`, '<=', 50, p(matchMs, 95)),
      // The bench's own bound (no issue sets one): an official waits at the form for the answer.
      check('intake to exposures stored p95 ms', '<=', 2_000, p(intakeMs, 95)),
      check('planted sightings found', '>=', planted, hits),
    ]);
  } finally {
    await client.end();
    await db.drop();
  }
}

await main();
process.exit(0);
