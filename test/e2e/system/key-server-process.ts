// Runs the built key server as its own process on a fresh SQLite data folder, the way
// `npm start` does: `cli.js dev-setup` first (admin, demo venue, enrollment code), then main.js.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const SERVER_CLI = resolve('dist/src-server/cli.js');
export const SERVER_MAIN = resolve('dist/src-server/main.js');

export interface KeyServerProcess {
  readonly url: string;
  readonly venueId: string;
  readonly enrollmentCode: string;
  readonly adminPassword: string;
  /** The server process's id (the body-flood benchmark samples its memory). */
  readonly pid: number;
  readonly output: () => string;
  stop(): Promise<number | null>;
}

export async function startKeyServer(): Promise<KeyServerProcess> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`npx tsc -b\` first`);
  const dataDir = await mkdtemp(join(tmpdir(), 'bz-server-e2e-'));
  const env = { PATH: process.env.PATH ?? '', BZ_SERVER_DATA_DIR: dataDir, BZ_SERVER_PORT: '0', BZ_LOG_LEVEL: 'info' };
  const adminPassword = `e2e-${Math.random().toString(36).slice(2)}`;
  const setup = await promisify(execFile)(process.execPath, [SERVER_CLI, 'dev-setup', '--json', '--password', adminPassword], { env });
  const { venue_id: venueId, enrollment_code: enrollmentCode } = JSON.parse(setup.stdout) as { venue_id: string; enrollment_code: string };

  let output = '';
  const child = spawn(process.execPath, [SERVER_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`key server did not start in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`key server exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url,
    venueId,
    enrollmentCode,
    adminPassword,
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exited;
      await rm(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
