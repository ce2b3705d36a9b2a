// Chromium for the UI tests: the system binary, never a downloaded one.
import { chromium, type Browser } from 'playwright';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.BZ_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Builds the renderer into a fresh temporary folder, so the test sees the current source. */
export async function buildRenderer(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'bz-renderer-'));
  // vitest sets NODE_ENV=test, which would make Vite bundle React's development build;
  // the kiosk runs the production build, so that is what is tested.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: resolve('vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

export const SCREENSHOT_DIR = resolve('test-results/screenshots');
