// The officials' console in real Chromium against the real key server (in this process,
// listening on an ephemeral port) on SQLite or PostgreSQL, serving the freshly built console.
import { afterAll, beforeAll } from 'vitest';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src-server/app.js';
import { loadConfig } from '../../../src-server/config.js';
import { hashPassword } from '../../../src-server/auth/password.js';
import type { Role } from '../../../shared/api/server-api.js';
import { createTestDatabase, type BackendName, type TestDatabase } from '../../integration/server/helpers/backends.js';
import { buildRenderer, launchChromium, SCREENSHOT_DIR } from '../ui/browser.js';

export const CONSOLE_SCREENSHOTS = join(SCREENSHOT_DIR, 'console');

export interface ConsoleServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly db: TestDatabase;
  /** null: the real clock; a number: the server's now (Unix ms). */
  readonly clock: { now: number | null };
}

export async function startConsoleServer(backend: BackendName, consoleDir: string, env: Record<string, string> = {}): Promise<ConsoleServer> {
  const db = await createTestDatabase(backend);
  const config = loadConfig({
    BZ_SERVER_DATA_DIR: ':memory:',
    BZ_RATE_LIMIT_PER_MIN: '100000',
    BZ_LOGIN_RATE_LIMIT_PER_MIN: '100000',
    BZ_CONSOLE_DIR: consoleDir,
    BZ_SERVER_PORT: '0',
    ...env,
  });
  const clock: { now: number | null } = { now: null };
  const app = await buildApp({ config, database: db.handle, now: () => clock.now ?? Date.now(), logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('key server has no TCP address');
  return { app, db, clock, url: `http://127.0.0.1:${address.port}` };
}

export const PASSWORD_SUFFIX = '-password-1';

export async function addUser(s: ConsoleServer, username: string, role: Role, opts: { province?: string; venueIds?: string[] } = {}): Promise<string> {
  return s.app.services.users.create(
    { username, passwordHash: await hashPassword(`${username}${PASSWORD_SUFFIX}`), role, province: opts.province ?? null, venueIds: opts.venueIds ?? [] },
    s.app.services.now(),
  );
}

export interface ConsoleUi {
  readonly browser: Browser;
  readonly server: ConsoleServer;
  /** The renderer build the server serves (the kiosk screens sit beside console/). */
  readonly uiDir: string;
  /** A fresh browser context (own cookies) with a page on the console's sign-in screen. */
  open(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; offsite: string[] }>;
}

/** Per test file and backend: build the renderer, start the server and Chromium; stop all after. */
export function useConsole(backend: BackendName, env: Record<string, string> = {}): ConsoleUi {
  const state: { browser?: Browser; server?: ConsoleServer; outDir?: string } = {};
  beforeAll(async () => {
    state.outDir = await buildRenderer();
    state.server = await startConsoleServer(backend, state.outDir, env);
    state.browser = await launchChromium();
    await mkdir(CONSOLE_SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await state.browser?.close();
    if (state.server) {
      await state.server.app.close();
      await state.server.db.drop();
    }
    if (state.outDir) await rm(state.outDir, { recursive: true, force: true });
  });
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not started: use it inside a test`);
    return v;
  };
  return {
    get browser() {
      return need(state.browser, 'Chromium');
    },
    get server() {
      return need(state.server, 'the key server');
    },
    get uiDir() {
      return need(state.outDir, 'the renderer build');
    },
    async open(viewport = { width: 1366, height: 768 }) {
      const server = need(state.server, 'the key server');
      const context = await need(state.browser, 'Chromium').newContext({ viewport, timezoneId: 'Europe/Berlin', locale: 'en-US' });
      const page = await context.newPage();
      // Nothing may come from elsewhere: every request the page makes is recorded if off-site.
      const offsite: string[] = [];
      page.on('request', (r) => {
        const u = r.url();
        if (!u.startsWith(server.url) && !u.startsWith('data:')) offsite.push(u);
      });
      await page.goto(`${server.url}/console/`);
      await page.evaluate(() => document.fonts.ready);
      return { context, page, offsite };
    },
  };
}

export async function signIn(page: Page, username: string, password = `${username}${PASSWORD_SUFFIX}`): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}
