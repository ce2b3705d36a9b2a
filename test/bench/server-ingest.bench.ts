// Key server upload ingest over loopback HTTP: 50 concurrent kiosks each sending signed
// batches of 500 encounters, on SQLite and on PostgreSQL (when 127.0.0.1:5432 answers). Three
// variants, their runs interleaved round by round (the order rotating) so load from other
// processes falls on all alike:
//  - no_cases: no open F0 case, so the per-batch exposure recompute finds nothing to do;
//  - open_cases: BENCH_OPEN_CASES (default 5) open F0 cases whose 14-day windows overlap every
//    upload and whose IDs include uploaded ones, so each batch recomputes them for real
//    (exposures are stored; the bench checks it);
//  - raw: the same rows inserted by the same driver, 500 per statement, one transaction each.
// Reports encounters/s accepted and p99 request latency (median over rounds), and each server
// variant's ratio to the raw insert (target >= 0.5).
// Run: npx tsx test/bench/server-ingest.bench.ts
//   (env: BENCH_KIOSKS, BENCH_BATCHES_PER_KIOSK, BENCH_OPEN_CASES, BENCH_INGEST_ROUNDS, BENCH_SERVER_BACKENDS)
import { randomBytes, randomUUID, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src-server/app.js';
import { loadConfig } from '../../src-server/config.js';
import { issueEnrollmentCode } from '../../src-server/enrollment.js';
import type { EncounterRecord, KioskBatch } from '../../shared/api/kiosk-upload.js';
import { slotOf } from '../../shared/domain/slots.js';
import { PG_ADMIN_URL, createTestDatabase, type BackendName, type TestDatabase } from '../integration/server/helpers/backends.js';
import { check, postgresProblem, round, writeResult, writeSkipped } from './bench-kit.js';
import { openDatabase, migrateToLatest } from '../../src-server/db/database.js';

const KIOSKS = Number(process.env['BENCH_KIOSKS'] ?? 50);
const BATCHES = Number(process.env['BENCH_BATCHES_PER_KIOSK'] ?? 16);
const PER_BATCH = 500;
const OPEN_CASES = Number(process.env['BENCH_OPEN_CASES'] ?? 5);
const ROUNDS = Number(process.env['BENCH_INGEST_ROUNDS'] ?? 3);
/** IDs of each open case: 14 days x 96 slots, as 14 daily keys give; MATCHED of them were uploaded. */
const CASE_DAYS = 14;
const MATCHED = 20;

interface Kiosk {
  id: string;
  key: KeyObject;
}

const CLIENT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash, createPrivateKey, sign } = require('node:crypto');
const { base, kiosks, bodies } = workerData;
parentPort.once('message', async () => {
  const latencies = []; const errors = []; let accepted = 0; let failures = 0;
  const t0 = performance.now();
  await Promise.all(kiosks.map(async (k, i) => {
    const key = createPrivateKey(k.pem);
    for (const body of bodies[i]) {
      const ts = Date.now();
      const path = '/v1/kiosk/batches';
      const digest = createHash('sha256').update(body).digest('hex').toUpperCase();
      const canonical = 'bluezone-kiosk-v1\\nPOST\\n' + path + '\\n' + ts + '\\n' + digest;
      const signature = sign(null, Buffer.from(canonical), key).toString('base64');
      const start = performance.now();
      try {
        const r = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kiosk-id': k.id, 'x-kiosk-timestamp': String(ts), 'x-kiosk-signature': signature }, body });
        const ack = await r.json();
        latencies.push(performance.now() - start);
        if (r.status === 200 && ack.accepted) accepted += ack.accepted.encounters;
        else { failures += 1; errors.push(r.status + ' ' + JSON.stringify(ack).slice(0, 300)); }
      } catch (err) {
        failures += 1;
        errors.push(String(err) + ' ' + String(err && err.cause));
      }
    }
  }));
  parentPort.postMessage({ latencies, accepted, failures, errors: errors.slice(0, 5), seconds: (performance.now() - t0) / 1000 });
});
parentPort.postMessage('ready');
`;

interface ClientResult {
  latencies: number[];
  accepted: number;
  failures: number;
  /** The first few failures, to say why. */
  errors: string[];
  /** Wall time from the first request to the last answer, measured by the clients. */
  seconds: number;
}

function runClients(base: string, kiosks: { id: string; pem: string }[], bodies: string[][]): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(CLIENT_SOURCE, { eval: true, workerData: { base, kiosks, bodies } });
    w.on('message', (m: 'ready' | ClientResult) => {
      if (m === 'ready') {
        w.postMessage('go');
        return;
      }
      void w.terminate();
      resolve(m);
    });
    w.once('error', reject);
  });
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}

function hexId(n: number): string {
  return n.toString(16).toUpperCase().padStart(24, '0');
}

function batchFor(kiosk: number, b: number, now: number): KioskBatch {
  const slot = slotOf(now) - 1 - (b % 8);
  const encounters: EncounterRecord[] = [];
  for (let i = 0; i < PER_BATCH; i += 1) {
    encounters.push({
      visitor_id: hexId((kiosk * BATCHES + b) * PER_BATCH + i),
      protocol: i % 3 === 0 ? 'bluezone_ios' : 'bluezone_android',
      slot,
      first_seen_min: slot * 15 + (i % 10),
      last_seen_min: slot * 15 + 10 + (i % 5),
      distance: (['near', 'mid', 'far'] as const)[i % 3]!,
      checked_in: i % 7 === 0,
    });
  }
  return {
    batch_id: randomUUID(),
    created_at: now,
    encounters,
    slot_keys: [{ slot, key: (kiosk % 256).toString(16).toUpperCase().padStart(2, '0').repeat(32) }],
    attendance: [{ slot, bluezone_devices: 40, gaen_devices: 3, arrivals: 20, no_app: 4, helped_install: 1 }],
    heartbeat: { version: 'bench', radio_state: 'scanning', clock_synced: true, queue_depth: BATCHES - b, free_disk_mb: 1000, sent_at: now },
  };
}

/** Open F0 cases whose windows cover every upload's slot, each holding MATCHED uploaded IDs. */
async function openCases(app: Awaited<ReturnType<typeof buildApp>>, now: number): Promise<void> {
  const toSlot = slotOf(now);
  const fromSlot = toSlot - CASE_DAYS * 96 + 1;
  for (let c = 0; c < OPEN_CASES; c += 1) {
    const ids: { slot: number; visitor_id: string }[] = [];
    for (let slot = fromSlot; slot <= toSlot; slot += 1) ids.push({ slot, visitor_id: randomBytes(12).toString('hex').toUpperCase() });
    for (let m = 0; m < MATCHED; m += 1) {
      // Encounter i of kiosk k's batch b, at that batch's slot (batchFor).
      const k = (c * 7 + m * 3) % KIOSKS;
      const b = (c + m) % BATCHES;
      const i = (c * 31 + m * 17) % PER_BATCH;
      ids.push({ slot: slotOf(now) - 1 - (b % 8), visitor_id: hexId((k * BATCHES + b) * PER_BATCH + i) });
    }
    const f0 = { id: randomUUID(), reference: `bench-${c}`, province: 'Hà Nội', from_slot: fromSlot, to_slot: toSlot, created_by: 'bench', created_at: now, updated_at: now };
    await app.services.f0.store(f0, true, ids, []);
  }
}

async function serverRun(backend: BackendName, db: TestDatabase, withCases: boolean) {
  const config = loadConfig({ BZ_SERVER_DATA_DIR: ':memory:', BZ_RATE_LIMIT_PER_MIN: '10000000', BZ_LOGIN_RATE_LIMIT_PER_MIN: '100000', BZ_LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, database: db.handle, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // One kiosk per venue, as kiosks are deployed (a venue's slot then holds ~1,000 rows, not
  // every kiosk's uploads at once).
  const kiosks: Kiosk[] = [];
  for (let k = 0; k < KIOSKS; k += 1) {
    const venue = await app.services.venues.create({ name: `Bench ${k}`, kind: 'market', province: 'Hà Nội', district: 'Hoàn Kiếm', ward: 'Hàng Bạc' }, Date.now());
    const { code } = await issueEnrollmentCode(app.services.venues, venue.id, 1, Date.now());
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ format: 'der', type: 'spki' });
    const r = await fetch(`${base}/v1/kiosk/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, public_key: der.subarray(der.length - 32).toString('base64'), version: 'bench' }),
    });
    kiosks.push({ id: ((await r.json()) as { kiosk_id: string }).kiosk_id, key: privateKey });
  }
  if (withCases) await openCases(app, Date.now());
  // Bodies are built before the clock starts: the benchmark times the server, not JSON building.
  const bodies = kiosks.map((_, k) => Array.from({ length: BATCHES }, (_, b) => JSON.stringify(batchFor(k, b, Date.now()))));
  // The 50 kiosks run in a worker thread: remote devices do their own signing and HTTP
  // client work, so it must not share the server's event loop.
  const client = await runClients(
    base,
    kiosks.map((k) => ({ id: k.id, pem: k.key.export({ format: 'pem', type: 'pkcs8' }).toString() })),
    bodies,
  );
  const { latencies, accepted, failures, seconds } = client;
  if (failures > 0) process.stderr.write(`upload failures: ${client.errors.join(' | ')}\n`);
  const count = async (table: 'encounters' | 'exposures') =>
    Number((await db.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  // Uploads' recomputes run in the background (exposure-engine.ts): count what they stored.
  await app.services.engine.settled();
  const stored = await count('encounters');
  const exposures = await count('exposures');
  await app.close();
  return { seconds, accepted, stored, exposures, failures, encountersPerSecond: accepted / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** The same rows inserted by the same driver, 500 per statement, one transaction each, same concurrency. */
async function rawRun(backend: BackendName): Promise<number> {
  // The rows the server variants store, interleaved across kiosks as concurrent uploads
  // arrive, so the B-tree work (many insertion points) matches; kiosk and venue ids of the
  // same shape (a fresh database holds no kiosks to refer to).
  const now = Date.now();
  const kiosks = Array.from({ length: KIOSKS }, () => ({ kiosk: randomUUID(), venue: randomUUID() }));
  const batches: { kiosk: string; venue: string; rows: EncounterRecord[] }[] = [];
  for (let b = 0; b < BATCHES; b += 1) {
    for (let k = 0; k < KIOSKS; k += 1) batches.push({ ...kiosks[k]!, rows: batchFor(k, b, now).encounters });
  }
  const values = (kiosk: string, venueId: string, rows: EncounterRecord[]) =>
    rows.flatMap((e) => [kiosk, venueId, e.visitor_id, e.slot, Math.floor(e.slot / 96), e.protocol, e.first_seen_min, e.last_seen_min, e.distance === 'near' ? 0 : e.distance === 'mid' ? 1 : 2, e.checked_in ? 1 : 0]);
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bz-raw-'));
    const h = openDatabase({ databaseUrl: null, dataDir: dir });
    await migrateToLatest(h);
    await h.close();
    const { default: SQLite } = await import('better-sqlite3');
    const conn = new SQLite(join(dir, 'key-server.sqlite'));
    conn.pragma('journal_mode = WAL');
    conn.pragma('synchronous = NORMAL');
    const placeholders = Array.from({ length: PER_BATCH }, () => '(?,?,?,?,?,?,?,?,?,?)').join(',');
    const stmt = conn.prepare(`INSERT INTO encounters (kiosk_id, venue_id, visitor_id, slot, day, protocol, first_seen_min, last_seen_min, distance_rank, checked_in) VALUES ${placeholders}`);
    const tx = conn.transaction((kiosk: string, venueId: string, rows: EncounterRecord[]) => {
      stmt.run(values(kiosk, venueId, rows));
    });
    const t0 = performance.now();
    for (const b of batches) tx(b.kiosk, b.venue, b.rows);
    const s = (performance.now() - t0) / 1000;
    conn.close();
    rmSync(dir, { recursive: true, force: true });
    return (batches.length * PER_BATCH) / s;
  }
  const db = await createTestDatabase('postgres');
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: db.url!, max: 20, options: `-c search_path=${db.schema}` });
  const placeholders = Array.from({ length: PER_BATCH }, (_, r) => `(${Array.from({ length: 10 }, (_, c) => `$${r * 10 + c + 1}`).join(',')})`).join(',');
  const text = `INSERT INTO encounters (kiosk_id, venue_id, visitor_id, slot, day, protocol, first_seen_min, last_seen_min, distance_rank, checked_in) VALUES ${placeholders}`;
  const queue = [...batches];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: KIOSKS }, async () => {
      for (let b = queue.shift(); b; b = queue.shift()) {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          await c.query(text, values(b.kiosk, b.venue, b.rows));
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  await pool.end();
  await db.drop();
  return (batches.length * PER_BATCH) / s;
}

function median(xs: number[]): number {
  return percentile(xs, 50);
}

type Variant = 'no_cases' | 'open_cases' | 'raw';
const VARIANTS: Variant[] = ['no_cases', 'open_cases', 'raw'];

async function freshDatabase(backend: BackendName): Promise<{ db: TestDatabase; cleanup: () => void }> {
  if (backend === 'postgres') return { db: await createTestDatabase('postgres'), cleanup: () => undefined };
  // A real file, as in production, not an in-memory database.
  const dir = mkdtempSync(join(tmpdir(), 'bz-ingest-'));
  const handle = openDatabase({ databaseUrl: null, dataDir: dir });
  await migrateToLatest(handle);
  return { db: { handle, url: null, schema: null, drop: () => handle.close() }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function main(): Promise<void> {
  const results: Record<string, unknown>[] = [];
  const targets = [];
  const only = process.env['BENCH_SERVER_BACKENDS']?.split(',');
  const pgProblem = await postgresProblem(PG_ADMIN_URL);
  const backends = (['sqlite', 'postgres'] as const).filter((b) => (!only || only.includes(b)) && (b === 'sqlite' || pgProblem === null));
  for (const backend of backends) {
    const runs: Record<Variant, { rate: number; p99Ms: number | null; exposures: number; ok: boolean }[]> = { no_cases: [], open_cases: [], raw: [] };
    for (let roundNo = 0; roundNo < ROUNDS; roundNo += 1) {
      // Each round starts with a different variant.
      const order = VARIANTS.map((_, i) => VARIANTS[(i + roundNo) % VARIANTS.length]!);
      for (const variant of order) {
        if (variant === 'raw') {
          runs.raw.push({ rate: await rawRun(backend), p99Ms: null, exposures: 0, ok: true });
          continue;
        }
        const { db, cleanup } = await freshDatabase(backend);
        try {
          const r = await serverRun(backend, db, variant === 'open_cases');
          runs[variant].push({ rate: r.encountersPerSecond, p99Ms: r.p99Ms, exposures: r.exposures, ok: r.stored === r.accepted && r.failures === 0 && r.accepted === KIOSKS * BATCHES * PER_BATCH });
          process.stdout.write(`${backend} ${variant} round ${roundNo + 1}: ${round(r.encountersPerSecond)} enc/s, p99 ${round(r.p99Ms)} ms, exposures ${r.exposures}, failures ${r.failures}\n`);
        } finally {
          await db.drop();
          cleanup();
        }
      }
      process.stdout.write(`${backend} raw round ${roundNo + 1}: ${round(runs.raw[runs.raw.length - 1]!.rate)} rows/s\n`);
    }
    const raw = median(runs.raw.map((r) => r.rate));
    const summary = (v: 'no_cases' | 'open_cases') => ({
      encountersPerSecond: round(median(runs[v].map((r) => r.rate))),
      p99Ms: round(median(runs[v].map((r) => r.p99Ms!))),
      ratioToRaw: round(median(runs[v].map((r) => r.rate)) / raw, 3),
      exposuresStored: runs[v].map((r) => r.exposures),
      runs: runs[v].map((r) => round(r.rate)),
    });
    results.push({ backend, rawInsertPerSecond: round(raw), rawRuns: runs.raw.map((r) => round(r.rate)), no_cases: summary('no_cases'), open_cases: summary('open_cases') });
    targets.push(check(`${backend} ingest / raw insert (no cases)`, '>=', 0.5, median(runs.no_cases.map((r) => r.rate)) / raw));
    targets.push(check(`${backend} ingest / raw insert (${OPEN_CASES} open cases)`, '>=', 0.5, median(runs.open_cases.map((r) => r.rate)) / raw));
    const allStored = [...runs.no_cases, ...runs.open_cases].every((r) => r.ok);
    targets.push(check(`${backend} stored == accepted`, '>=', 1, allStored ? 1 : 0));
    // The open-cases variant proves nothing unless its recompute found and stored exposures.
    targets.push(check(`${backend} open cases: exposures stored (min over runs)`, '>=', 1, Math.min(...runs.open_cases.map((r) => r.exposures))));
  }
  // A backend that could not run is recorded as skipped next to the ones that did.
  const skippedBackends = (['sqlite', 'postgres'] as const).filter((b) => !backends.includes(b) && (!only || only.includes(b)));
  for (const b of skippedBackends) process.stdout.write(`${b}: SKIPPED (${pgProblem ?? 'not reachable'})\n`);
  const summary = { kiosks: KIOSKS, batchesPerKiosk: BATCHES, encountersPerBatch: PER_BATCH, openCases: OPEN_CASES, rounds: ROUNDS, transport: 'HTTP over loopback, signed requests', method: 'median over rounds; variants interleaved, order rotating each round', results, skippedBackends };
  if (targets.length === 0) writeSkipped('server-ingest', `no backend ran (${skippedBackends.join(', ')}: ${pgProblem ?? 'not reachable'})`, summary);
  else writeResult('server-ingest', summary, targets);
}

await main();
process.exit(0);
