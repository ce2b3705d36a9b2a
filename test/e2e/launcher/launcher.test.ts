// `npm start`'s launcher as a real process: key server + kiosk core from dist/, no window
// (no display here). Checks start-up, Ctrl-C and the death of a child.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const START = resolve('dist/src-main/launcher/start.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

interface Launched {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  corePort: number;
  dataDir: string;
}

const running: Launched[] = [];

async function launch(options: { ownProcessGroup?: boolean; env?: Record<string, string> } = {}): Promise<Launched> {
  if (!existsSync(START)) throw new Error(`${START} is missing: run \`npx tsc -b\` first`);
  const dataDir = await mkdtemp(join(tmpdir(), 'bz-launcher-'));
  const [corePort, serverPort] = [await freePort(), await freePort()];
  let output = '';
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    BZ_LAUNCHER_DATA_DIR: dataDir,
    BZ_KIOSK_WINDOW: 'none',
    BZ_CORE_PORT: String(corePort),
    BZ_SERVER_PORT: String(serverPort),
    BZ_LOG_LEVEL: 'warn',
    ...options.env,
  };
  const child = spawn(process.execPath, [START], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.ownProcessGroup ?? false });
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const launched = { child, output: () => output, exit, corePort, dataDir };
  running.push(launched);
  return launched;
}

async function waitForOutput(l: Launched, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!l.output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`launcher never printed ${JSON.stringify(text)}:\n${l.output()}`);
    if (l.child.exitCode !== null) throw new Error(`launcher exited early (${l.child.exitCode}):\n${l.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Direct children of the launcher as `pid args` lines, from ps. */
async function childrenOf(pid: number): Promise<{ pid: number; args: string }[]> {
  const ps = spawn('ps', ['-o', 'pid=,args=', '--ppid', String(pid)]);
  let list = '';
  ps.stdout.on('data', (c: Buffer) => (list += c.toString()));
  await new Promise((r) => ps.once('exit', r));
  return list
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [first, ...rest] = line.split(/\s+/);
      return { pid: Number(first), args: rest.join(' ') };
    });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterEach(async () => {
  for (const l of running.splice(0)) {
    if (l.child.exitCode === null && l.child.signalCode === null) {
      l.child.kill('SIGTERM');
      await l.exit;
    }
    await rm(l.dataDir, { recursive: true, force: true });
  }
});

describe('launcher', () => {
  it('starts server and core, prints the admin login, and stops everything on SIGINT with exit 0', async () => {
    const l = await launch();
    await waitForOutput(l, 'running; press Ctrl-C to stop');
    expect(l.output()).toMatch(/admin login: user "admin", password "[A-Za-z0-9_-]{16}"/);
    expect(l.output()).toContain(`open http://127.0.0.1:${l.corePort}`);
    const health = await fetch(`http://127.0.0.1:${l.corePort}/api/health`);
    expect(health.ok).toBe(true);
    const status = (await (await fetch(`http://127.0.0.1:${l.corePort}/api/status`)).json()) as { upload: { enrolled: boolean } };
    expect(typeof status.upload.enrolled).toBe('boolean');

    const children = await childrenOf(l.child.pid!);
    expect(children.map((c) => c.args).join('\n')).toMatch(/src-server\/main\.js[\s\S]*src-main\/core\/main\.js/);

    l.child.kill('SIGINT');
    expect(await l.exit).toEqual({ code: 0, signal: null });
    expect(children.filter((c) => alive(c.pid))).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${l.corePort}/api/health`)).rejects.toThrow();
  });

  it('opens the Chromium kiosk app window on the core URL, and stops everything with exit 0 when it is closed', async () => {
    // A stand-in browser binary: records its arguments, then "the user closes the window".
    const dir = await mkdtemp(join(tmpdir(), 'bz-fake-browser-'));
    const argsFile = join(dir, 'args.txt');
    const browser = join(dir, 'chromium');
    await writeFile(browser, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\nsleep 1\nexit 0\n`);
    await chmod(browser, 0o755);
    try {
      const l = await launch({ env: { BZ_KIOSK_WINDOW: 'chromium', BZ_CHROMIUM: browser, DISPLAY: ':99' } });
      expect(await l.exit).toEqual({ code: 0, signal: null });
      expect(l.output()).toContain(`opening the kiosk window with chromium (${browser})`);
      expect(l.output()).toContain('stopping (kiosk window closed)');
      const args = (await readFile(argsFile, 'utf8')).trim().split('\n');
      expect(args).toContain(`--app=http://127.0.0.1:${l.corePort}`);
      expect(args).toContain('--kiosk');
      expect(args).toContain(`--user-data-dir=${join(l.dataDir, 'kiosk-browser')}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 0 on a terminal-style Ctrl-C that reaches every process of the group at once', async () => {
    const l = await launch({ ownProcessGroup: true });
    await waitForOutput(l, 'running; press Ctrl-C to stop');
    const children = await childrenOf(l.child.pid!);
    process.kill(-l.child.pid!, 'SIGINT');
    expect(await l.exit).toEqual({ code: 0, signal: null });
    expect(children.filter((c) => alive(c.pid))).toEqual([]);
  });

  it('stops the rest and exits non-zero, naming the child, when a child dies', async () => {
    const l = await launch();
    await waitForOutput(l, 'running; press Ctrl-C to stop');
    const children = await childrenOf(l.child.pid!);
    const core = children.find((c) => c.args.includes('dist/src-main/core/main.js'));
    expect(core, JSON.stringify(children)).toBeDefined();
    process.kill(core!.pid, 'SIGKILL');
    expect((await l.exit).code).toBe(1);
    expect(l.output()).toContain('stopping (core was killed by SIGKILL)');
    expect(children.filter((c) => alive(c.pid))).toEqual([]);
  });
});
