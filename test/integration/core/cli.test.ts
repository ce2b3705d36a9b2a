// The kiosk's command line as an operator runs it (built dist/, a child process each).
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve('dist/src-main/core/cli.js');

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -b\` first`);
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('kiosk CLI', () => {
  it('doctor reports each check as JSON with a fix for every problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bz-cli-'));
    const r = await run(['doctor', '--json'], { BZ_DATA_DIR: dir });
    const report = JSON.parse(r.stdout) as { ok: boolean; checks: { id: string; status: string; fix?: string }[] };
    expect(r.code).toBe(report.ok ? 0 : 1);
    expect(report.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['clock_sync', 'free_disk']));
    for (const c of report.checks.filter((x) => x.status === 'problem')) expect(c.fix, c.id).toBeTruthy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the simulated radio to a JSON Lines capture with pseudonymous addresses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bz-cli-'));
    const out = join(dir, 'capture.jsonl');
    const r = await run(['record', '--out', out, '--seconds', '2'], { BZ_DATA_DIR: dir, BZ_SIM_SEED: '3' });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { adverts: number; file: string };
    expect(summary.file).toBe(out);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(lines[0]).toMatchObject({ type: 'header', format: 'bluezone-radio-capture', version: 1 });
    expect(lines.filter((l) => l.type === 'advert')).toHaveLength(summary.adverts);
    expect(summary.adverts).toBeGreaterThan(0);
    // Recording never overwrites an earlier capture.
    const again = await run(['record', '--out', out, '--seconds', '1'], { BZ_DATA_DIR: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^kiosk: record_open_failed: .*EEXIST/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects bad arguments and bad configuration with a message, exit 2', async () => {
    const noOut = await run(['record', '--seconds', '1']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out/);
    const badConfig = await run(['doctor'], { BZ_RADIO: 'wifi' });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/BZ_RADIO="wifi"/);
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/usage: kiosk/);
  });
});
