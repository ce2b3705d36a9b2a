// Key server upload ingest over loopback HTTP: 50 concurrent kiosks each sending signed
// batches of 500 encounters. Reports encounters/s accepted and p99 request latency on SQLite
// and on PostgreSQL (when 127.0.0.1:5432 answers), and the ratio to a raw insert of the same
// rows through the same driver in the same run (target >= 0.5).
// Run: npx tsx test/bench/server-ingest.bench.ts   (env: BENCH_KIOSKS, BENCH_BATCHES_PER_KIOSK)
import { randomUUID, generateKeyPairSync, type KeyObject } from 'node:crypto';
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
import { BACKENDS, createTestDatabase, type BackendName, type TestDatabase } from '../integration/server/helpers/backends.js';
import { check, round, writeResult, writeSkipped } from './bench-kit.js';
import { openDatabase, migrateToLatest } from '../../src-server/db/database.js';

const KIOSKS = Number(process.env['BENCH_KIOSKS'] ?? 50);
const BATCHES = Number(process.env['BENCH_BATCHES_PER_KIOSK'] ?? 16);
const PER_BATCH = 500;

interface Kiosk {
  id: string;
  key: KeyObject;
}

const CLIENT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash, createPrivateKey, sign } = require('node:crypto');
const { base, kiosks, bodies } = workerData;
parentPort.once('message', async () => {
  const latencies = []; let accepted = 0; let failures = 0;
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
      const r = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kiosk-id': k.id, 'x-kiosk-timestamp': String(ts), 'x-kiosk-signature': signature }, body });
      const ack = await r.json();
      latencies.push(performance.now() - start);
      if (r.status === 200 && ack.accepted) accepted += ack.accepted.encounters; else failures += 1;
    }
  }));
  parentPort.postMessage({ latencies, accepted, failures, seconds: (performance.now() - t0) / 1000 });
});
parentPort.postMessage('ready');
`;

interface ClientResult {
  latencies: number[];
  accepted: number;
  failures: number;
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

async function serverRun(backend: BackendName, db: TestDatabase) {
  const config = loadConfig({ BZ_SERVER_DATA_DIR: ':memory:', BZ_RATE_LIMIT_PER_MIN: '10000000', BZ_LOGIN_RATE_LIMIT_PER_MIN: '100000', BZ_LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, database: db.handle, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const venue = await app.services.venues.create({ name: 'Bench', kind: 'market', province: 'Hà Nội', district: 'Hoàn Kiếm', ward: 'Hàng Bạc' }, Date.now());
  const kiosks: Kiosk[] = [];
  for (let k = 0; k < KIOSKS; k += 1) {
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
  const stored = await db.handle.db.selectFrom('encounters').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  await app.close();
  return { backend, seconds, accepted, stored: Number(stored.n), failures, encountersPerSecond: accepted / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), bodies, kioskIds: kiosks.map((k) => k.id), venueId: venue.id };
}

/** The same rows inserted by the same driver, 500 per statement, one transaction each, same concurrency. */
async function rawRun(backend: BackendName, bodies: string[][], kioskIds: string[], venueId: string): Promise<number> {
  // Same rows with the same kiosk and venue ids as the server stored, interleaved across
  // kiosks as concurrent uploads arrive, so the B-tree work (many insertion points) matches.
  const batches: { kiosk: string; rows: EncounterRecord[] }[] = [];
  for (let b = 0; b < BATCHES; b += 1) {
    bodies.forEach((list, k) => batches.push({ kiosk: kioskIds[k]!, rows: (JSON.parse(list[b]!) as KioskBatch).encounters }));
  }
  const values = (kiosk: string, rows: EncounterRecord[]) =>
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
    const tx = conn.transaction((kiosk: string, rows: EncounterRecord[]) => {
      stmt.run(values(kiosk, rows));
    });
    const t0 = performance.now();
    for (const b of batches) tx(b.kiosk, b.rows);
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
          await c.query(text, values(b.kiosk, b.rows));
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

async function main(): Promise<void> {
  const results: Record<string, unknown>[] = [];
  const targets = [];
  const only = process.env['BENCH_SERVER_BACKENDS']?.split(',');
  for (const backend of BACKENDS.filter((b) => !only || only.includes(b))) {
    let db: TestDatabase;
    let dir: string | null = null;
    if (backend === 'sqlite') {
      // A real file, as in production, not an in-memory database.
      dir = mkdtempSync(join(tmpdir(), 'bz-ingest-'));
      const handle = openDatabase({ databaseUrl: null, dataDir: dir });
      await migrateToLatest(handle);
      db = { handle, url: null, schema: null, drop: () => handle.close() };
    } else db = await createTestDatabase('postgres');
    const run = await serverRun(backend, db);
    await db.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    const raw = await rawRun(backend, run.bodies, run.kioskIds, run.venueId);
    const ratio = run.encountersPerSecond / raw;
    const { bodies: _bodies, kioskIds: _k, venueId: _v, ...r } = run;
    results.push({ ...r, seconds: round(r.seconds), encountersPerSecond: round(r.encountersPerSecond), p50Ms: round(r.p50Ms), p99Ms: round(r.p99Ms), rawInsertPerSecond: round(raw), ratioToRaw: round(ratio, 3) });
    process.stdout.write(`${backend}: ${round(run.encountersPerSecond)} enc/s accepted (raw ${round(raw)}), p99 ${round(run.p99Ms)} ms, failures ${run.failures}\n`);
    targets.push(check(`${backend} ingest / raw insert`, '>=', 0.5, ratio));
    targets.push(check(`${backend} stored == accepted`, '>=', 1, r.stored === r.accepted && r.failures === 0 ? 1 : 0));
  }
  // A backend that could not run is recorded as skipped next to the ones that did.
  const skippedBackends = (['sqlite', 'postgres'] as const).filter((b) => !BACKENDS.includes(b) && (!only || only.includes(b)));
  for (const b of skippedBackends) process.stdout.write(`${b}: SKIPPED (not reachable)\n`);
  const summary = { kiosks: KIOSKS, batchesPerKiosk: BATCHES, encountersPerBatch: PER_BATCH, transport: 'HTTP over loopback, signed requests', results, skippedBackends };
  if (targets.length === 0) writeSkipped('server-ingest', `no backend ran (${skippedBackends.join(', ')} not reachable)`, summary);
  else writeResult('server-ingest', summary, targets);
}

await main();
process.exit(0);
