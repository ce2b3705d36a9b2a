// The core must stop when asked, even with the kiosk window's live-event stream open (it
// always is), and a failed start must close what it opened.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCoreConfig } from '../../../src-main/core/config/config.js';
import { startKioskCore } from '../../../src-main/core/kiosk-core.js';
import { createLogger } from '../../../src-main/core/log/logger.js';

const dirs: string[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bz-core-stop-'));
  dirs.push(dir);
  const lines: string[] = [];
  const config = loadCoreConfig({ BZ_DATA_DIR: dir, BZ_CORE_PORT: '0', BZ_UI_DIR: join(dir, 'no-ui'), BZ_SIM_SEED: '3', ...env }, process.cwd(), 'test');
  const log = createLogger('core', { level: 'debug', write: (l) => void lines.push(l) });
  const events = () => lines.map((l) => JSON.parse(l) as { event: string; part?: string });
  return { dir, config, log, events };
}

/** Opens /api/events like the kiosk window and resolves once the first event arrived. */
function openStream(url: string): Promise<{ res: IncomingMessage; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/events`, { headers: { host: '127.0.0.1' } }, (res) => {
      const ended = new Promise<void>((done) => {
        res.on('close', () => done());
        res.on('error', () => done());
      });
      res.once('data', () => resolve({ res, ended }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('kiosk core stop', () => {
  it('stops in under 2 s with a live-event client connected, ends the stream and closes the store', async () => {
    const { dir, config, log, events } = setup();
    const core = await startKioskCore(config, log);
    const stream = await openStream(core.url);
    expect(existsSync(join(dir, 'kiosk.db-wal'))).toBe(true);

    const t0 = performance.now();
    const stopped = await Promise.race([core.stop().then(() => 'stopped'), new Promise((r) => setTimeout(() => r('timeout'), 5_000))]);
    const ms = performance.now() - t0;
    expect(stopped).toBe('stopped');
    expect(ms).toBeLessThan(2_000);
    await stream.ended;
    const closed = events().filter((e) => e.event === 'closed').map((e) => e.part);
    expect(closed).toEqual(expect.arrayContaining(['http', 'radio', 'engine', 'store']));
    // Newest first: sightings stop before the engine's last flush; the store closes after it.
    expect(closed.indexOf('sightings')).toBeLessThan(closed.indexOf('engine'));
    expect(closed.indexOf('engine')).toBeLessThan(closed.indexOf('store'));
    // SQLite removes the WAL file when the last connection closes cleanly.
    expect(existsSync(join(dir, 'kiosk.db-wal'))).toBe(false);
  });

  it('closes everything it opened when start fails (port taken)', async () => {
    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as { port: number }).port;
    const { dir, config, log, events } = setup({ BZ_CORE_PORT: String(port) });
    await expect(startKioskCore(config, log)).rejects.toThrow(/EADDRINUSE/);
    const closed = events().filter((e) => e.event === 'closed').map((e) => e.part);
    expect(closed).toEqual(expect.arrayContaining(['http', 'radio', 'engine', 'store', 'clock']));
    expect(existsSync(join(dir, 'kiosk.db-wal'))).toBe(false);
  });
});
