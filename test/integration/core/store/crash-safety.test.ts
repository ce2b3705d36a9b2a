import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { tempDir } from './store-fixtures.js';

const child = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const RUNS = 20;

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

/** Runs the child until it has committed past `minRows`, then kills it with SIGKILL. */
function runAndKill(path: string, durability: 'normal' | 'full', minRows: number, extraMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, path, 'full'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let committed = -1;
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
      }
      if (!armed && committed >= minRows) {
        armed = true;
        setTimeout(() => p.kill('SIGKILL'), extraMs);
      }
    });
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    p.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited without kill: ${stderr}`));
      else resolve(committed);
    });
  });
}

describe('kill -9 during heavy ingest', () => {
  it(`keeps every committed row and an intact file, ${RUNS} times`, { timeout: 180_000 }, async () => {
    const path = join(dir, 'crash.db');
    let lastCommitted = 0;
    for (let run = 0; run < RUNS; run++) {
      // Both durability settings survive a process crash (NORMAL only risks a power cut).
      const committed = await runAndKill(path, run % 2 === 0 ? 'full' : 'normal', lastCommitted + 400, 5 + ((run * 37) % 120));
      expect(committed).toBeGreaterThan(lastCommitted);
      const db = new Database(path);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const count = (db.prepare('SELECT COUNT(*) AS n FROM encounters').get() as { n: number }).n;
      // Everything acknowledged is there; rows committed after the last report may be too.
      expect(count).toBeGreaterThanOrEqual(committed);
      const ids = db.prepare('SELECT visitor_id FROM encounters WHERE visitor_id = ?');
      for (const n of [0, committed - 1, Math.floor(committed / 2)]) {
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
