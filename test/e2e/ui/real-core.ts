// Starts the real kiosk core (dist/src-main/core/main.js, simulated radio) serving a given
// renderer build, for UI tests against the actual API rather than the test double.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RealCore {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

export const CORE_MAIN = resolve('dist/src-main/core/main.js');

export async function startRealCore(uiDir: string, env: Record<string, string>): Promise<RealCore> {
  if (!existsSync(CORE_MAIN)) throw new Error(`${CORE_MAIN} is missing: run \`npx tsc -b\` before the UI tests`);
  const dataDir = await mkdtemp(join(tmpdir(), 'bz-core-ui-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [CORE_MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      BZ_DATA_DIR: dataDir,
      BZ_UI_DIR: uiDir,
      BZ_RADIO: 'simulated',
      BZ_CORE_PORT: '0',
      BZ_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`core did not start in 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /kiosk core listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`core exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
