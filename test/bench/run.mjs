#!/usr/bin/env node
// `npm run bench`: runs every test/bench/*.bench.ts, one after another (so they do not
// compete for the CPU), each in its own Node process through tsx. Each benchmark writes
// results/<name>.json. Exits non-zero if any benchmark fails to run; a missed target is
// printed and recorded in its JSON (`pass: false`), and fails the run only with
// BENCH_STRICT=1, since shared CI machines make timings noisy. A benchmark that cannot run
// (no PostgreSQL) records status "skipped", never a pass. Ends with the README's table.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchTable } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  // Optional names on the command line pick benchmarks: `node test/bench/run.mjs ingest idle`.
  .filter((f) => only.length === 0 || only.includes(basename(f, '.bench.ts')))
  .sort();

if (files.length === 0) {
  process.stderr.write('no benchmarks found\n');
  process.exit(1);
}

const failed = [];
const missed = [];
const skipped = [];
const started = Date.now();
for (const file of files) {
  const name = basename(file, '.bench.ts');
  process.stdout.write(`\n=== bench ${name}\n`);
  const t0 = Date.now();
  // A benchmark that dies before writing must not leave an older run's result in the table.
  rmSync(join(root, 'results', `${name}.json`), { force: true });
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { cwd: root, stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed.push(name);
    process.stdout.write(`=== bench ${name}: FAILED (exit ${r.status ?? r.signal}) after ${seconds} s\n`);
    continue;
  }
  const resultFile = join(root, 'results', `${name}.json`);
  if (existsSync(resultFile)) {
    const result = JSON.parse(readFileSync(resultFile, 'utf8'));
    if (result.pass === false) missed.push(name);
    if (result.status === 'skipped') skipped.push(name);
  }
  process.stdout.write(`=== bench ${name}: done in ${seconds} s\n`);
}

process.stdout.write(
  `\n${files.length} benchmarks in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
    `${failed.length} failed to run${failed.length ? ` (${failed.join(', ')})` : ''}; ` +
    `${missed.length} missed a target${missed.length ? ` (${missed.join(', ')})` : ''}; ` +
    `${skipped.length} skipped${skipped.length ? ` (${skipped.join(', ')})` : ''}\n\n`,
);
process.stdout.write(benchTable());
process.exit(failed.length > 0 || (process.env.BENCH_STRICT === '1' && missed.length > 0) ? 1 : 0);
