#!/usr/bin/env node
// The ingest benchmark's workload, on the built code (dist/) under plain `node`, so that
// timings, peak RSS and valgrind's instruction counts are those of what the kiosk runs (no
// TypeScript loader). ingest.bench.ts starts it as a child process:
//
//   node test/bench/ingest-driver.mjs timing --adverts N --runs R   parser-only and full path, interleaved
//   node test/bench/ingest-driver.mjs full   --adverts N            one full-path run (peak RSS; callgrind)
//   node test/bench/ingest-driver.mjs parser --adverts N            one parser-only run (callgrind)
//
// Workload: PRESENT phones in one 15-minute slot that already holds PRIOR other IDs; three in
// four Bluezone Android (advert + scan response), one in four GAEN; bytes from a fixed seed, so
// every process feeds the same packets. Simulated time: the clock advances 1/RATE s per
// advert, and the engine flushes every simulated second, as its 1-s timer does, so the 5-s
// de-duplication and the flush sizes are those of a radio hearing RATE adverts/s.
// Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const dist = new URL('../../dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);
const { encodeBluezoneAdvert } = await load('shared/protocol/bluezone-advert.js');
const { encodeGaenAdvert } = await load('shared/protocol/gaen-advert.js');
const { toHex } = await load('shared/hex.js');
const { slotStart } = await load('shared/domain/slots.js');
const { EncounterEngine } = await load('src-main/core/engine/encounter-engine.js');
const { openKioskStore } = await load('src-main/core/store/kiosk-store.js');
const { VirtualHciController } = await load('src-main/core/radio/hci/virtual-hci-controller.js');
const { advertisingReport, ADV_IND, ADV_NONCONN_IND, SCAN_RSP } = await load('src-main/core/radio/hci/hci-packets.js');
const { loadVirtualNoble } = await load('src-main/core/radio/noble/load-noble.js');
const { NobleScanner } = await load('src-main/core/radio/noble/noble-scanner.js');
const { SeededRandom } = await load('src-main/core/radio/sim/seeded-random.js');

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    adverts: { type: 'string', default: '60000' },
    runs: { type: 'string', default: '5' },
    rate: { type: 'string', default: '1000' },
    present: { type: 'string', default: '2000' },
    prior: { type: 'string', default: '3000' },
  },
});
const MODE = positionals[0];
const ADVERTS = Number(values.adverts);
const RUNS = Number(values.runs);
const RATE = Number(values.rate);
const PRESENT = Number(values.present);
const PRIOR = Number(values.prior);
/** The stream is always this long (same random draws in every process); a run feeds its first ADVERTS. */
const STREAM = Math.max(ADVERTS, 60_000);
const SLOT = 1_899_496;
const BASE = slotStart(SLOT) + 60_000;

const rng = new SeededRandom(20_260_105);
const devices = [];
for (let i = 0; i < PRESENT; i += 1) {
  const address = rng.address();
  const rssi = -45 - rng.int(50);
  if (i % 4 === 3) {
    devices.push([advertisingReport(ADV_NONCONN_IND, address, 'random', encodeGaenAdvert(rng.bytes(16), rng.bytes(4)), rssi)]);
  } else {
    const data = encodeBluezoneAdvert(rng.bytes(12));
    devices.push([advertisingReport(ADV_IND, address, 'random', data, rssi), advertisingReport(SCAN_RSP, address, 'random', new Uint8Array(0), rssi)]);
  }
}
const stream = Array.from({ length: STREAM }, () => devices[rng.int(devices.length)]);
const priorIds = Array.from({ length: PRIOR }, () => toHex(rng.bytes(12)));

const sim = { now: BASE, clock: { now: () => sim.now, synced: () => true } };

async function until(cond, what) {
  const end = Date.now() + 30_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`bench_setup_timeout: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function cpuSeconds(from) {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
}

/** noble alone: HCI + GAP parse to `discover`, nothing after it. */
async function parserOnly(n) {
  const controller = new VirtualHciController();
  const loaded = await loadVirtualNoble(controller);
  let discovered = 0;
  let scanning = false;
  loaded.noble.on('discover', () => void (discovered += 1));
  loaded.noble.on('scanStart', () => void (scanning = true));
  loaded.noble.on('stateChange', (state) => {
    if (state === 'poweredOn') void loaded.noble.startScanningAsync([], true);
  });
  await until(() => scanning, 'noble scan start');
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i += 1) for (const p of stream[i]) controller.emit('host-data', p);
  const timing = { cpu: cpuSeconds(cpu0), wall: (performance.now() - wall0) / 1000 };
  if (discovered !== n) throw new Error(`bench_count_mismatch: ${discovered} discovers for ${n} adverts`);
  loaded.close();
  controller.close();
  return timing;
}

/** The product path: noble -> NobleScanner's classifier and codecs -> engine -> rows committed in SQLite. */
async function fullPath(n) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  sim.now = BASE - 30_000;
  const store = openKioskStore({ path: join(dir, 'kiosk.db'), clock: sim.clock, durability: 'full' });
  const engine = new EncounterEngine({ store, clock: sim.clock });
  // IDs of phones that came and left earlier in the slot.
  for (const id of priorIds) engine.ingest({ id, protocol: 'bluezone_android', rssi: -70, at: sim.now, trusted: true });
  engine.flush();
  sim.now = BASE;
  const controller = new VirtualHciController();
  const scanner = new NobleScanner({
    load: () => loadVirtualNoble(controller),
    clock: sim.clock,
    log: () => undefined,
    unknownTimeoutMs: 5_000,
    watchdogMs: 600_000,
    restartDelayMs: 100,
    scanStartTimeoutMs: 5_000,
    gatt: { concurrency: 1, connectTimeoutMs: 1_000, queueCap: 16, backoffBaseMs: 60_000, backoffMaxMs: 600_000 },
  });
  let sightings = 0;
  scanner.onSighting((s) => {
    sightings += 1;
    engine.ingest(s);
  });
  await scanner.start();
  await until(() => scanner.status().state === 'scanning', 'scanner scanning');
  const before = engine.stats();
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  let nextFlush = BASE + 1_000;
  for (let i = 0; i < n; i += 1) {
    sim.now = BASE + Math.floor((i * 1000) / RATE);
    // The engine's 1-s flush timer, on the simulated clock.
    if (sim.now >= nextFlush) {
      engine.flush();
      nextFlush += 1_000;
    }
    for (const p of stream[i]) controller.emit('host-data', p);
  }
  engine.flush();
  const timing = { cpu: cpuSeconds(cpu0), wall: (performance.now() - wall0) / 1000 };
  const after = engine.stats();
  if (sightings !== n) throw new Error(`bench_count_mismatch: ${sightings} sightings for ${n} adverts`);
  const rows = store.encounters.count();
  await scanner.stop();
  controller.close();
  engine.dispose();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    timing,
    rows,
    counted: after.counted - before.counted,
    deduplicated: after.deduplicated - before.deduplicated,
    flushes: after.flushes - before.flushes,
    simulatedSeconds: (sim.now - BASE) / 1000,
  };
}

let out;
if (MODE === 'timing') {
  // Warm-up (JIT, SQLite page cache) on a prefix, not measured.
  await parserOnly(Math.min(ADVERTS, 20_000));
  await fullPath(Math.min(ADVERTS, 20_000));
  const parser = [];
  const full = [];
  let last;
  for (let r = 0; r < RUNS; r += 1) {
    // Interleaved, so load from other processes falls on both alike.
    parser.push(await parserOnly(ADVERTS));
    last = await fullPath(ADVERTS);
    full.push(last.timing);
  }
  out = { parser, full, rows: last.rows, counted: last.counted, deduplicated: last.deduplicated, flushes: last.flushes, simulatedSeconds: last.simulatedSeconds };
} else if (MODE === 'full') {
  const r = await fullPath(ADVERTS);
  out = { ...r, maxRssMb: process.resourceUsage().maxRSS / 1024 };
} else if (MODE === 'parser') {
  const r = await parserOnly(ADVERTS);
  out = { timing: r, maxRssMb: process.resourceUsage().maxRSS / 1024 };
} else {
  process.stderr.write('usage: ingest-driver.mjs timing|full|parser [--adverts N] [--runs R] [--rate R]\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
// noble registers process-wide handlers that keep the event loop alive.
process.exit(0);
