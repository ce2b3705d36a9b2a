// The composed kiosk core in-process: simulated radio -> engine -> SQLite -> local API.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoreStatus } from '../../../shared/api/core-api.js';
import { loadCoreConfig } from '../../../src-main/core/config/config.js';
import { startKioskCore, type RunningCore } from '../../../src-main/core/kiosk-core.js';
import { createLogger } from '../../../src-main/core/log/logger.js';

const dirs: string[] = [];
let core: RunningCore | null = null;

afterEach(async () => {
  await core?.stop();
  core = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(dataDir: string, env: Record<string, string> = {}): Promise<RunningCore> {
  const config = loadCoreConfig({ BZ_DATA_DIR: dataDir, BZ_CORE_PORT: '0', BZ_UI_DIR: join(dataDir, 'no-ui'), BZ_SIM_SEED: '5', ...env }, process.cwd(), 'test');
  return startKioskCore(config, createLogger('core', { level: 'error', write: () => undefined }));
}

async function status(c: RunningCore): Promise<CoreStatus> {
  return (await (await fetch(`${c.url}/api/status`)).json()) as CoreStatus;
}

describe('kiosk core', () => {
  it('hears simulated phones, keeps tallies across a restart, and alerts when not enrolled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bz-core-'));
    dirs.push(dir);
    core = await start(dir, { BZ_SERVER_URL: 'http://127.0.0.1:9' });
    await expect.poll(async () => (await status(core!)).here_now.bluezone, { timeout: 20_000, interval: 250 }).toBeGreaterThan(0);
    const s = await status(core);
    expect(s.radio_state).toBe('scanning');
    expect(s.alerts.map((a) => a.code)).toContain('not_enrolled');
    const post = (kind: string, delta: number) =>
      fetch(`${core!.url}/api/tally`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind, delta }) });
    expect((await post('no_app', 1)).status).toBe(200);
    expect((await post('no_app', 1)).status).toBe(200);
    expect((await post('helped_install', 1)).status).toBe(200);
    expect((await post('no_app', 7)).status).toBe(400);
    await core.stop();

    core = await start(dir);
    expect((await status(core)).tallies_today).toEqual({ no_app: 2, helped_install: 1 });
    expect((await status(core)).alerts.map((a) => a.code)).not.toContain('not_enrolled');
  });

  it('reports an unsynchronised clock to staff', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bz-core-'));
    dirs.push(dir);
    core = await start(dir, { BZ_CLOCK: 'assume_unsynced' });
    const s = await status(core);
    expect(s.clock_synced).toBe(false);
    expect(s.alerts.map((a) => a.code)).toContain('clock_unsynced');
  });

  it('pushes presence over the live-event stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bz-core-'));
    dirs.push(dir);
    core = await start(dir);
    const ctrl = new AbortController();
    const res = await fetch(`${core.url}/api/events`, { signal: ctrl.signal });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: presence')) text += new TextDecoder().decode((await reader.read()).value);
    ctrl.abort();
    expect(text).toMatch(/"here_now":\{"bluezone":\d+/);
  });
});
