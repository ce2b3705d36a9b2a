// What a process crash (kill -9, OOM kill, a crashed Node) can and cannot do to the store:
// every acknowledged transaction is there afterwards, nothing is half-written (atomicity),
// and the file passes integrity_check — under both durability settings. It does NOT prove
// power-cut durability: a killed process loses nothing the OS already has, so this passes
// with synchronous=OFF too. Power cuts are the Raspberry Pi VM test's job (README, Tests).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { tempDir } from './store-fixtures.js';

const child = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const RUNS_PER_SETTING = 8;

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

type Durability = 'normal' | 'full';

/** Runs the child until it has committed past `minRows`, then kills it with SIGKILL. */
function runAndKill(path: string, durability: Durability, minRows: number, extraMs: number): Promise<{ committed: number; durability: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, path, durability], { stdio: ['ignore', 'pipe', 'pipe'] });
    let committed = -1;
    let reported = '';
    let buffer = '';
    let stderr = '';
    let armed = false;
    p.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^committed (\d+)$/.exec(line);
        if (m) committed = Number(m[1]);
        const d = /^durability (\w+)$/.exec(line);
        if (d) reported = d[1]!;
      }
      if (!armed && committed >= minRows) {
        armed = true;
        setTimeout(() => p.kill('SIGKILL'), extraMs);
      }
    });
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    p.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited without kill: ${stderr}`));
      else resolve({ committed, durability: reported });
    });
  });
}

describe.each<Durability>(['full', 'normal'])('atomicity and integrity after a process crash (kill -9 during heavy ingest), synchronous=%s', (durability) => {
  it(`keeps every committed row, nothing half-written, an intact file, ${RUNS_PER_SETTING} kills`, { timeout: 600_000 }, async () => {
    const path = join(dir, `crash-${durability}.db`);
    let lastCommitted = 0;
    for (let run = 0; run < RUNS_PER_SETTING; run++) {
      const result = await runAndKill(path, durability, lastCommitted + 400, 5 + ((run * 37) % 120));
      // The setting under test is the one SQLite ran with, not just the one asked for.
      expect(result.durability).toBe(durability);
      const { committed } = result;
      expect(committed).toBeGreaterThan(lastCommitted);
      const db = new Database(path);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const count = (db.prepare('SELECT COUNT(*) AS n FROM encounters').get() as { n: number }).n;
      // Everything acknowledged is there; rows committed after the last report may be too,
      // but only whole flushes of 400 (a transaction is never half-applied).
      expect(count).toBeGreaterThanOrEqual(committed);
      expect(count % 400).toBe(0);
      const ids = db.prepare('SELECT visitor_id FROM encounters WHERE visitor_id = ?');
      for (const n of [0, committed - 1, Math.floor(committed / 2), count - 1]) {
        expect(ids.get(n.toString(16).toUpperCase().padStart(24, '0'))).toBeDefined();
      }
      for (const row of db.prepare('SELECT body FROM outbox').all() as { body: string }[]) {
        expect(() => JSON.parse(row.body)).not.toThrow();
      }
      db.close();
      lastCommitted = count;
    }
  });
});
