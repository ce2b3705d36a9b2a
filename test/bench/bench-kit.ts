// Small helpers shared by the benchmarks: timing statistics, memory, results files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const RESULTS_DIR = fileURLToPath(new URL('../../results/', import.meta.url));

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export interface Target {
  readonly metric: string;
  readonly op: '>=' | '<=';
  readonly value: number;
  readonly actual: number;
}

export function check(metric: string, op: '>=' | '<=', value: number, actual: number): Target & { pass: boolean } {
  return { metric, op, value, actual, pass: op === '>=' ? actual >= value : actual <= value };
}

/** Load average when this benchmark's process started (this module loads first). */
const LOAD_AT_START = loadAvg();

/**
 * The machine, and how busy it was: the build machine is shared, so the 1/5/15-minute load
 * averages at the benchmark's start and end are recorded with every result.
 */
function machine() {
  return { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadavg_at_start: LOAD_AT_START, loadavg: loadAvg() };
}

/**
 * Records a benchmark that could not run (e.g. no PostgreSQL): status "skipped" with the
 * reason, and `pass: null` — never a pass, which an empty list of targets would otherwise be.
 */
export function writeSkipped(name: string, reason: string, result: Record<string, unknown> = {}): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const body = { name, at: new Date().toISOString(), machine: machine(), ...result, targets: [], status: 'skipped', skipped: reason, pass: null };
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(body, null, 2)}\n`);
  process.stdout.write(`\n[${name}] SKIPPED: ${reason} (results/${name}.json)\n`);
}

/** Writes results/<name>.json and prints a one-screen summary. */
export function writeResult(name: string, result: Record<string, unknown>, targets: (Target & { pass: boolean })[]): void {
  if (targets.length === 0) throw new Error(`${name}: a result needs at least one target; use writeSkipped for a benchmark that did not run`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const pass = targets.every((t) => t.pass);
  const body = {
    name,
    at: new Date().toISOString(),
    machine: machine(),
    ...result,
    targets,
    status: pass ? 'pass' : 'missed',
    pass,
  };
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(body, null, 2)}\n`);
  process.stdout.write(`\n[${name}] results/${name}.json\n`);
  for (const t of targets) {
    process.stdout.write(`  ${t.pass ? 'ok    ' : 'MISSED'} ${t.metric} = ${round(t.actual)} (target ${t.op} ${t.value})\n`);
  }
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function loadAvg(): number[] {
  // Other processes on the machine skew timings; the load average is recorded with them.
  return loadavg().map((x) => round(x));
}

/**
 * null when PostgreSQL at `url` answers a query within 15 s, else why not. The test suites'
 * quick probe (500 ms) can lapse on a loaded machine although PostgreSQL is there; a benchmark
 * then recorded "skipped" for nothing.
 */
export async function postgresProblem(url: string): Promise<string | null> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (err) {
    return `PostgreSQL not usable at ${url.replace(/\/\/[^@/]*@/, '//')} (${err instanceof Error ? err.message : String(err)})`;
  } finally {
    await c.end().catch(() => undefined);
  }
}
