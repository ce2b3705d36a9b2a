#!/usr/bin/env node
// `npm test`: type check, lint, build, then the unit, integration and e2e suites.
// Ends with one line `N passed, N failed, N skipped` for everything together and exits
// non-zero on any failure. Each step that is not a test runner counts as one test. Skipped
// counts vitest's skipped/todo tests and the tests of a database backend that did not run
// (see test/integration/server/helpers/backends.ts), each with its reason printed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
let passed = 0;
let failed = 0;
let skipped = 0;

function step(name, cmd, args) {
  process.stdout.write(`\n=== ${name}: ${[cmd, ...args].join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  const ok = r.status === 0;
  if (ok) passed += 1;
  else failed += 1;
  process.stdout.write(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`}\n`);
  return ok;
}

const built = step('typecheck', bin('tsc'), ['-b']);
step('lint', bin('eslint'), ['.', '--max-warnings=0']);
const bundled = built && step('build renderer', bin('vite'), ['build', '--logLevel', 'warn']);

const outDir = join(root, 'test-results');
mkdirSync(outDir, { recursive: true });
const report = join(outDir, 'vitest.json');
rmSync(report, { force: true });
const skippedBackendsDir = join(outDir, 'skipped-backends');
rmSync(skippedBackendsDir, { recursive: true, force: true });
const projects = bundled ? [] : ['--project', 'unit', '--project', 'integration'];
process.stdout.write(`\n=== vitest${bundled ? '' : ' (e2e skipped: the build failed)'}\n`);
const v = spawnSync(
  bin('vitest'),
  ['run', ...projects, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
  { cwd: root, stdio: 'inherit', env: process.env },
);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  // A suite that fails to load has no failed test in it but must still fail the run.
  const brokenFiles = r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.every((a) => a.status !== 'failed'));
  failed += brokenFiles.length;
  for (const f of brokenFiles) process.stdout.write(`suite failed to run: ${f.name}\n${f.message ?? ''}\n`);
  if (r.numTotalTests === 0) failed += 1;
  const vitestSkipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if (vitestSkipped > 0) {
    skipped += vitestSkipped;
    process.stdout.write(`${vitestSkipped} tests skipped by vitest:\n`);
    for (const f of r.testResults) {
      for (const a of f.assertionResults) if (a.status === 'pending' || a.status === 'skipped' || a.status === 'todo') process.stdout.write(`  skipped: ${a.fullName}\n`);
    }
  }
  skipped += countSkippedBackends(r);
} else {
  failed += 1;
  process.stdout.write(`vitest wrote no report (exit ${v.status})\n`);
}
if (v.status !== 0 && failed === 0) failed += 1;

process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed === 0 ? 0 : 1);

/**
 * A backend that did not run left its reason in test-results/skipped-backends/<name>.txt.
 * Each test that ran "… on sqlite" has a twin "… on <backend>" that did not: one skipped each.
 */
function countSkippedBackends(r) {
  if (!existsSync(skippedBackendsDir)) return 0;
  const twins = r.testResults.flatMap((f) => f.assertionResults).filter((a) => a.ancestorTitles.some((t) => / on sqlite$/.test(t))).length;
  let n = 0;
  for (const file of readdirSync(skippedBackendsDir)) {
    const backend = file.replace(/\.txt$/, '');
    const reason = readFileSync(join(skippedBackendsDir, file), 'utf8').trim();
    process.stdout.write(`${twins} ${backend} tests skipped: ${reason}\n`);
    n += twins;
  }
  return n;
}
