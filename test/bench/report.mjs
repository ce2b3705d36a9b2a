#!/usr/bin/env node
// Prints the README's benchmark table from results/*.json (written by `npm run bench`):
// one row per target, with the machine and date of the runs, so no figure in the README is
// typed by hand. `node test/bench/report.mjs` reprints it from the last results.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, '..', '..', 'results');

function fmt(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return String(x);
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return x.toLocaleString('en-US', { maximumFractionDigits: digits });
}

export function benchTable() {
  if (!existsSync(RESULTS)) return 'no results/ yet: run `npm run bench`\n';
  // Only benchmarks' results: results/ also holds other reports (`npm run evaluate`'s
  // evaluation.json). A benchmark is any test/bench/<name>.bench.ts, nothing to register.
  const results = readdirSync(RESULTS)
    .filter((f) => f.endsWith('.json') && existsSync(join(HERE, f.replace(/\.json$/, '.bench.ts'))))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(RESULTS, f), 'utf8')));
  if (results.length === 0) return 'no results yet: run `npm run bench`\n';
  const machines = [...new Set(results.map((r) => `${r.machine.cpu}, ${r.machine.cpus} cores, Node ${r.machine.node.replace(/^v/, '')}`))];
  const dates = results.map((r) => r.at).sort();
  // 1-minute load averages at each benchmark's start and end: how shared the machine was.
  const loads = results.flatMap((r) => [r.machine.loadavg_at_start?.[0], r.machine.loadavg?.[0]]).filter((x) => typeof x === 'number');
  const load = loads.length > 0 ? `; 1-minute load average ${fmt(Math.min(...loads))} to ${fmt(Math.max(...loads))} at the benchmarks' starts and ends` : '';
  const lines = [
    `Measured on ${machines.join('; ')}, ${dates[0].slice(0, 16).replace('T', ' ')} to ${dates[dates.length - 1].slice(0, 16).replace('T', ' ')} UTC${load} (per benchmark in results/*.json).`,
    '',
    '| benchmark | metric | result | target | status |',
    '|---|---|---|---|---|',
  ];
  for (const r of results) {
    const status = r.status ?? (r.pass === true ? 'pass' : r.pass === false ? 'missed' : 'skipped');
    if (status === 'skipped' || r.targets.length === 0) {
      lines.push(`| ${r.name} | — | — | — | skipped: ${r.skipped ?? 'did not run'} |`);
      continue;
    }
    for (const t of r.targets) lines.push(`| ${r.name} | ${t.metric} | ${fmt(t.actual)} | ${t.op} ${fmt(t.value)} | ${t.pass ? 'pass' : 'MISSED'} |`);
    for (const b of r.skippedBackends ?? []) lines.push(`| ${r.name} | ${b} | — | — | skipped: not reachable |`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(benchTable());
