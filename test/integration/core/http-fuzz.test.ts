// Fuzzing of every route of the kiosk core's local API, enumerated from the app the core
// builds, over real HTTP against the running core (simulated radio, SQLite, staff PIN set):
// bodies and queries from each route's schema (mostly valid, often mutated), and the headers
// the browser or a hostile page controls (Host, Origin, the staff cookie). The core must never
// answer 5xx, every error must carry a stable code, and it must keep running.
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCoreConfig } from '../../../src-main/core/config/config.js';
import { startKioskCore, type RunningCore } from '../../../src-main/core/kiosk-core.js';
import { createLogger } from '../../../src-main/core/log/logger.js';
import { routesOfEveryApp, type RegisteredRoute } from '../../fixtures/route-recorder.js';
import { requestValueArb, toQueryString } from '../../fixtures/schema-arbitrary.js';

vi.mock('fastify', async (importOriginal) => (await import('../../fixtures/route-recorder.js')).recordingFastify(await importOriginal()));

const RUNS_PER_ROUTE = 60;
const PIN = '482913';

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly setCookie: string;
}

/** One request over HTTP; a stream (server-sent events) is judged by its head and closed. */
function send(base: URL, method: string, path: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, method, path, headers: { ...headers, ...(body === '' ? {} : { 'content-length': String(Buffer.byteLength(body)) }) } }, (res) => {
      const contentType = String(res.headers['content-type'] ?? '');
      const setCookie = (res.headers['set-cookie'] ?? []).join('; ');
      if (contentType.startsWith('text/event-stream')) {
        res.destroy();
        resolve({ status: res.statusCode ?? 0, contentType, body: '', setCookie });
        return;
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType, body: text, setCookie }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${method} ${path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTP fuzzing of every kiosk-core route', () => {
  let dir: string;
  let core: RunningCore;
  let base: URL;
  let staffCookie: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bz-core-fuzz-'));
    const config = loadCoreConfig({ BZ_DATA_DIR: dir, BZ_CORE_PORT: '0', BZ_UI_DIR: join(dir, 'no-ui'), BZ_SIM_SEED: '7', BZ_STAFF_PIN: PIN }, process.cwd(), 'test');
    core = await startKioskCore(config, createLogger('core', { level: 'error', write: () => undefined }));
    base = new URL(core.url);
    const login = await send(base, 'POST', '/api/staff/session', { host: base.host, 'content-type': 'application/json' }, JSON.stringify({ pin: PIN }));
    expect(login.status, login.body).toBe(200);
    staffCookie = /bz_staff=[^;]+/.exec(login.setCookie)?.[0] ?? '';
    expect(staffCookie).not.toBe('');
  }, 60_000);
  afterAll(async () => {
    await core?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function requestArb(route: RegisteredRoute) {
    const host = fc.constantFrom(base.host, `localhost:${base.port}`, 'evil.example', '', '127.0.0.1', '[::1]:1', 'a b');
    const origin = fc.oneof(fc.constant(undefined), fc.constantFrom(`http://${base.host}`, 'http://evil.example', 'null', 'not a url', '', 'file://'), fc.string({ maxLength: 20 }));
    const cookie = fc.oneof(fc.constant(undefined), fc.constant(staffCookie), fc.string({ maxLength: 40 }).map((v) => `bz_staff=${v}`), fc.string({ maxLength: 40 }));
    return fc.record({
      host,
      origin,
      cookie,
      query: route.schema.querystring === undefined ? fc.oneof(fc.constant(undefined), fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 2 })) : requestValueArb(route.schema.querystring),
      body: route.schema.body === undefined ? fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 })) : requestValueArb(route.schema.body),
      contentType: fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded'),
    });
  }

  it('never answers 5xx, whatever the body, query or headers, and every error has a code', async () => {
    const routes = routesOfEveryApp().flat();
    // The local API as declared in shared/api/core-api.ts, at least.
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(['GET /api/status', 'POST /api/tally', 'POST /api/staff/session', 'DELETE /api/staff/session', 'GET /api/events']));
    const summary: string[] = [];
    for (const route of routes) {
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(requestArb(route), async (r) => {
          const raw = r.body === undefined || route.method === 'GET' ? '' : JSON.stringify(r.body);
          const headers: Record<string, string> = { host: r.host };
          if (r.origin !== undefined) headers['origin'] = r.origin;
          if (r.cookie !== undefined) headers['cookie'] = r.cookie;
          if (raw !== '') headers['content-type'] = r.contentType;
          const path = route.url.replace(/\*$/, 'x') + toQueryString(r.query);
          const a = await send(base, route.method, path, headers, raw);
          statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
          expect(a.status, `${route.method} ${path} ${JSON.stringify(headers)} ${raw.slice(0, 120)} → ${a.body.slice(0, 200)}`).toBeLessThan(500);
          if (a.status >= 400) expect((JSON.parse(a.body) as { error: { code: string } }).error.code).toMatch(/^[a-z][a-z0-9_]*$/);
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
      summary.push(`${route.method} ${route.url}: ${[...statuses].sort(([x], [y]) => x - y).map(([c, n]) => `${c}×${n}`).join(' ')}`);
    }
    process.stdout.write(`[core http fuzz] ${routes.length} routes\n  ${summary.join('\n  ')}\n`);
    expect((await send(base, 'GET', '/api/health', { host: base.host }, '')).status).toBe(200);
  }, 300_000);
});
