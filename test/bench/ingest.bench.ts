// Ingest benchmark: raw HCI advertising reports -> noble's real HCI/GAP parser (over the
// virtual controller's socket, fed synchronously) -> NobleScanner's classifier and codecs ->
// encounter engine -> rows committed in SQLite, on the built code under plain `node`
// (ingest-driver.mjs, in child processes). 2,000 phones present, 5,000 distinct IDs in the
// slot, in simulated time at a realistic rate (BENCH_INGEST_RATE, default 1,000 adverts/s:
// the clock advances per advert and the engine flushes every simulated second), so the 5-s
// de-duplication keeps the share it keeps on a kiosk. Compared with noble's parser alone on
// the same bytes (goal <= 1.5x):
//  - CPU time, median of interleaved runs (noisy on a shared machine);
//  - instructions per advert counted by valgrind's callgrind (perf cannot count instructions
//    in this VM): each side run with N adverts and with none, the difference over N, so
//    Node's start-up and module loading cancel out;
//  - peak RSS (maxRSS) of a plain-node process running only the product path.
// Run: npm run build && npx tsx test/bench/ingest.bench.ts
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { check, median, round, writeResult } from './bench-kit.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DRIVER = fileURLToPath(new URL('./ingest-driver.mjs', import.meta.url));
const ADVERTS = Number(process.env['BENCH_INGEST_ADVERTS'] ?? 60_000);
const RATE = Number(process.env['BENCH_INGEST_RATE'] ?? 1_000);
const RUNS = 5;
/** Adverts per callgrind run: enough to dwarf the JIT's warm-up, few enough for valgrind to finish in minutes. */
const CALLGRIND_ADVERTS = Number(process.env['BENCH_INGEST_CALLGRIND_ADVERTS'] ?? 10_000);
const RADIO_LIMIT = 2_660;
const PRESENT = 2_000;
const DISTINCT_PER_SLOT = 5_000;

if (!existsSync(`${ROOT}dist/src-main/core/engine/encounter-engine.js`)) throw new Error('bench_not_built: run `npm run build` first (npm run bench does)');

interface Timing {
  readonly cpu: number;
  readonly wall: number;
}

function driver(args: string[], wrap: string[] = []): { out: Record<string, unknown>; stderr: string } {
  const argv = [...wrap, process.execPath, DRIVER, ...args, '--rate', String(RATE), '--present', String(PRESENT), '--prior', String(DISTINCT_PER_SLOT - PRESENT)];
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`bench_driver_failed (${argv.join(' ')}): ${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop() ?? '{}';
  return { out: JSON.parse(last) as Record<string, unknown>, stderr: r.stderr };
}

/** Instructions callgrind counted for one driver run ("Collected : N" on its stderr). */
function instructions(mode: 'full' | 'parser', adverts: number): number {
  const { stderr } = driver([mode, '--adverts', String(adverts)], ['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null']);
  const m = /Collected\s*:\s*(\d+)/.exec(stderr);
  if (!m) throw new Error(`bench_callgrind_no_total: ${stderr.slice(-2000)}`);
  return Number(m[1]);
}

function hasValgrind(): boolean {
  return spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;
}

const timing = driver(['timing', '--adverts', String(ADVERTS), '--runs', String(RUNS)]).out as {
  parser: Timing[];
  full: Timing[];
  rows: number;
  counted: number;
  deduplicated: number;
  flushes: number;
  simulatedSeconds: number;
};
const fullCpu = median(timing.full.map((t) => t.cpu));
const parserCpu = median(timing.parser.map((t) => t.cpu));
const costRatio = fullCpu / parserCpu;
const fullRate = ADVERTS / fullCpu;

// Peak RSS: a fresh plain-node process that runs only the product path.
const rssRun = driver(['full', '--adverts', String(ADVERTS)]).out as { maxRssMb: number; rows: number };
const emptyNode = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.resourceUsage().maxRSS / 1024))'], { encoding: 'utf8' });

let callgrind: Record<string, number> | null = null;
if (hasValgrind()) {
  const full = instructions('full', CALLGRIND_ADVERTS) - instructions('full', 0);
  const parser = instructions('parser', CALLGRIND_ADVERTS) - instructions('parser', 0);
  callgrind = {
    adverts: CALLGRIND_ADVERTS,
    full_instructions_per_advert: Math.round(full / CALLGRIND_ADVERTS),
    parser_instructions_per_advert: Math.round(parser / CALLGRIND_ADVERTS),
    ratio: round(full / parser, 3),
  };
}

const targets = [
  check('cost_vs_parser_only (CPU time)', '<=', 1.5, costRatio),
  check('adverts_per_s (per CPU-second)', '>=', 50_000, fullRate),
  check('peak_rss_mb (plain node)', '<=', 150, rssRun.maxRssMb),
];
if (callgrind) targets.splice(1, 0, check('cost_vs_parser_only (instructions)', '<=', 1.5, callgrind['ratio']!));
writeResult(
  'ingest',
  {
    adverts_per_run: ADVERTS,
    runs: RUNS,
    simulated_rate_adverts_per_s: RATE,
    simulated_seconds_per_run: timing.simulatedSeconds,
    present_devices: PRESENT,
    distinct_ids_per_slot: DISTINCT_PER_SLOT,
    engine: { counted: timing.counted, deduplicated: timing.deduplicated, flushes: timing.flushes, counted_share: round(timing.counted / ADVERTS, 3) },
    committed_rows: timing.rows,
    adverts_per_s: round(fullRate, 0),
    parser_only_adverts_per_s: round(ADVERTS / parserCpu, 0),
    cost_vs_parser_only: round(costRatio),
    vs_radio_limit: round(fullRate / RADIO_LIMIT),
    instructions: callgrind ?? 'not counted: valgrind not installed',
    peak_rss_mb: round(rssRun.maxRssMb, 1),
    empty_node_process_rss_mb: round(Number(emptyNode.stdout), 1),
    seconds: { full: timing.full, parser_only: timing.parser },
    method:
      'built code under plain node (test/bench/ingest-driver.mjs); simulated clock advanced per advert, flush every simulated second; ' +
      'CPU: median of 5 interleaved runs; instructions: callgrind totals with N adverts minus with 0, over N; RSS: maxRSS of a full-path-only process; durability FULL',
  },
  targets,
);
// GAEN phones (one in four present) are counted, never stored (advert-protocols.ts).
const STORED_PER_SLOT = DISTINCT_PER_SLOT - PRESENT / 4;
if (timing.rows !== STORED_PER_SLOT) throw new Error(`bench_rows_mismatch: ${timing.rows} rows committed, expected ${STORED_PER_SLOT}`);
