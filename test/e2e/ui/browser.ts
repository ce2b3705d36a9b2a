// Chromium for the UI tests: the system binary, never a downloaded one.
import { chromium, type Browser, type Page } from 'playwright';
import jsQR from 'jsqr';
import { afterAll, beforeAll } from 'vitest';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
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

/**
 * Decodes the QR code drawn on the page's canvas, as a phone camera would. The pixels travel
 * as base64 (Playwright serialises a plain number array about 50x slower).
 */
export async function decodeQrCanvas(page: Page, selector = 'canvas.qr-canvas'): Promise<string | null> {
  const image = await page.evaluate((sel) => {
    const canvas = document.querySelector(sel);
    if (!(canvas instanceof HTMLCanvasElement) || canvas.width === 0) return null;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { rgba: btoa(binary), width, height };
  }, selector);
  if (!image) return null;
  const rgba = Uint8ClampedArray.from(Buffer.from(image.rgba, 'base64'));
  return jsQR(rgba, image.width, image.height)?.data ?? null;
}

export interface BuiltUi<C> {
  readonly browser: Browser;
  readonly core: C;
}

/**
 * Per test file: builds the renderer into a fresh folder, starts a core serving it and
 * launches Chromium; everything is stopped and removed after the file's tests.
 */
export function useBuiltUi<C>(start: (uiDir: string) => Promise<C>, stop: (core: C) => Promise<unknown>): BuiltUi<C> {
  const state: { browser?: Browser; core?: C; outDir?: string } = {};
  beforeAll(async () => {
    state.outDir = await buildRenderer();
    state.core = await start(state.outDir);
    state.browser = await launchChromium();
    await mkdir(SCREENSHOT_DIR, { recursive: true });
  });
  afterAll(async () => {
    await state.browser?.close();
    if (state.core !== undefined) await stop(state.core);
    if (state.outDir) await rm(state.outDir, { recursive: true, force: true });
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started: use it inside a test`);
    return value;
  };
  return {
    get browser() {
      return need(state.browser, 'Chromium');
    },
    get core() {
      return need(state.core, 'the core');
    },
  };
}
