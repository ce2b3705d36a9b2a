// Issue 12 item 1, measured: 40 concurrent strangers push 16 MB JSON bodies, without
// credentials, at an F0 route (the route with the largest body limit) of the real key server
// running as its own process (dist/src-server/main.js on a fresh SQLite folder, as `npm start`
// runs it). While the attack runs, the server's resident memory is sampled from /proc and
// /healthz is asked again and again from a separate thread; the same /healthz probe runs at
// rest first, in the same run, as the baseline.
// Targets: every attacker answered 401; memory grows less than 50 MB over the server at rest;
// /healthz's slowest answer during the attack under 100 ms (the promise) and its p95
// no more than 10 × the p95 at rest.
// Run: npx tsx test/bench/body-flood.bench.ts   (env: BENCH_FLOOD_CONNECTIONS, BENCH_FLOOD_ROUNDS)
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { bodyFlood } from '../integration/server/helpers/body-flood.js';
import { startKeyServer } from '../e2e/system/key-server-process.js';
import { check, round, writeResult } from './bench-kit.js';

const CONNECTIONS = Number(process.env['BENCH_FLOOD_CONNECTIONS'] ?? 40);
/** The attack is repeated this many times back to back (each round: every connection once). */
const ROUNDS = Number(process.env['BENCH_FLOOD_ROUNDS'] ?? 20);
const BODY_BYTES = 16 * 1024 * 1024;
const REST_PROBES = 200;

/** Resident set size of a process, in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]) / 1024;
}

// Sequential GET /healthz from its own thread, so the attack's client work in this thread does
// not delay the probe's clock. Stops after `count` answers, or when told to.
const PROBE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { request } = require('node:http');
let stop = false;
parentPort.on('message', () => { stop = true; });
function once() {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(workerData.url + '/healthz', { agent: false }, (res) => {
      res.resume();
      res.on('end', () => res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error('healthz ' + res.statusCode)));
    });
    req.on('error', reject);
    req.end();
  });
}
(async () => {
  const times = [];
  while (!stop && times.length < workerData.count) {
    times.push(await once());
    await new Promise((r) => setTimeout(r, workerData.gapMs));
  }
  parentPort.postMessage(times);
})().catch((err) => { throw err; });
`;

function probe(url: string, count: number): { stop: () => void; done: Promise<number[]> } {
  const w = new Worker(PROBE_SOURCE, { eval: true, workerData: { url, count, gapMs: 10 } });
  const done = new Promise<number[]>((resolve, reject) => {
    w.once('message', (times: number[]) => {
      void w.terminate();
      resolve(times);
    });
    w.once('error', reject);
  });
  return { stop: () => w.postMessage('stop'), done };
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}

const server = await startKeyServer();
try {
  const port = Number(new URL(server.url).port);
  // Warm up (JIT, first connections), then the baseline: memory and /healthz at rest.
  await probe(server.url, 50).done;
  const rssRest = rssMb(server.pid);
  const rest = await probe(server.url, REST_PROBES).done;

  let rssPeak = rssRest;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMb(server.pid));
  }, 20);
  const during = probe(server.url, Number.MAX_SAFE_INTEGER);
  const statuses: number[] = [];
  const t0 = performance.now();
  for (let r = 0; r < ROUNDS; r += 1) {
    const flood = await bodyFlood({ port, path: '/v1/f0-cases', connections: CONNECTIONS, bodyBytes: BODY_BYTES });
    statuses.push(...flood.statuses);
  }
  const attackSeconds = (performance.now() - t0) / 1000;
  during.stop();
  const attack = await during.done;
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, rssMb(server.pid));

  // What the server answered, from its own request log: a client still pushing its body may
  // see the connection reset before it reads the 401 the server sent (the server closes
  // rather than read the rest), so the clients' view is recorded beside it.
  await new Promise((r) => setTimeout(r, 500));
  const served = [...server.output().matchAll(/"statusCode":(\d{3})[^\n]*"msg":"request completed"|"msg":"request completed"[^\n]*"statusCode":(\d{3})/g)];
  const attackAnswers = served.map((m) => Number(m[1] ?? m[2]));
  const answered401 = attackAnswers.filter((s) => s === 401).length;
  const restP95 = percentile(rest, 95);
  const attackP95 = percentile(attack, 95);
  const attackMax = Math.max(...attack);
  writeResult(
    'body-flood',
    {
      connections: CONNECTIONS,
      rounds: ROUNDS,
      body_mb: BODY_BYTES / 1024 / 1024,
      attack_seconds: round(attackSeconds),
      server_answers_401: answered401,
      client_statuses: Object.fromEntries([...new Set(statuses)].map((s) => [String(s), statuses.filter((x) => x === s).length])),
      rss_rest_mb: round(rssRest),
      rss_peak_mb: round(rssPeak),
      healthz_rest: { n: rest.length, p50_ms: round(percentile(rest, 50)), p95_ms: round(restP95), max_ms: round(Math.max(...rest)) },
      healthz_attack: { n: attack.length, p50_ms: round(percentile(attack, 50)), p95_ms: round(attackP95), max_ms: round(attackMax) },
    },
    [
      check('attack requests the server answered 401 (share)', '>=', 1, answered401 / statuses.length),
      check('server RSS growth MB', '<=', 50, rssPeak - rssRest),
      check('/healthz max ms during attack', '<=', 100, attackMax),
      check('/healthz p95 during attack / at rest', '<=', 10, attackP95 / restP95),
    ],
  );
} finally {
  await server.stop();
}
