// Requests from strangers (issue 12 items 1, 3, 8, 10, 14): authentication before any body
// is read, rate limits keyed by verified identity, timeouts on slow clients, NUL and
// out-of-range integers refused by schema on both databases.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSchema } from '@sinclair/typebox';
import { BACKENDS } from './helpers/backends.js';
import { bearer, createUser, createVenue, emptyBatch, enrollKiosk, signedHeaders, signedInject, startTestServer, type TestKiosk, type TestServer } from './helpers/test-server.js';
import { rawRequest } from './helpers/raw-http.js';
import { bodyFlood } from './helpers/body-flood.js';

const SIXTEEN_MB = 16 * 1024 * 1024;

/** Every integer bounded on both sides, every string bounded in length or shape. */
function unbounded(schema: unknown, path: string, out: string[]): void {
  if (typeof schema !== 'object' || schema === null) return;
  const s = schema as TSchema & Record<string, unknown>;
  if (s.type === 'integer' || s.type === 'number') {
    if (typeof s.minimum !== 'number' || typeof s.maximum !== 'number') out.push(`${path}: ${String(s.type)} without minimum and maximum`);
    else if (s.maximum > Number.MAX_SAFE_INTEGER) out.push(`${path}: maximum beyond 2^53`);
  }
  if (s.type === 'string' && typeof s.maxLength !== 'number' && typeof s.pattern !== 'string' && typeof s.format !== 'string' && s.const === undefined) {
    out.push(`${path}: string without maxLength, pattern or format`);
  }
  for (const [k, v] of Object.entries((s.properties as Record<string, unknown> | undefined) ?? {})) unbounded(v, `${path}/${k}`, out);
  if (s.items) unbounded(s.items, `${path}/items`, out);
  for (const v of (s.anyOf as unknown[] | undefined) ?? []) unbounded(v, path, out);
}

describe.each(BACKENDS)('request hardening on %s', (backend) => {
  let s: TestServer;
  let port: number;
  let official: string;
  let kiosk: TestKiosk;

  beforeAll(async () => {
    s = await startTestServer(backend, { BZ_REQUEST_TIMEOUT_MS: '1000', BZ_IDLE_TIMEOUT_MS: '1000', BZ_RATE_LIMIT_PER_MIN: '30' });
    await s.app.listen({ host: '127.0.0.1', port: 0 });
    port = (s.app.server.address() as AddressInfo).port;
    official = await createUser(s, 'cdc', 'health_official', { province: 'Hà Nội' });
    kiosk = await enrollKiosk(s, await createVenue(s, 'Quán Cà Phê Hoa Sen'));
  });
  afterAll(async () => s.close());

  const head = (path: string, extra = '') =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${SIXTEEN_MB}\r\n${extra}\r\n`;

  it('answers 401 to a stranger’s 16 MB body before reading it', async () => {
    const cases = [
      ['/v1/f0-cases', ''],
      ['/v1/f0-cases', 'Authorization: Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n'],
      ['/v1/kiosk/batches', `x-kiosk-id: ${randomUUID()}\r\nx-kiosk-timestamp: ${s.clock.now}\r\nx-kiosk-signature: ${'A'.repeat(86)}==\r\n`],
      ['/v1/kiosk/batches', `x-kiosk-id: ${kiosk.id}\r\nx-kiosk-timestamp: 1\r\nx-kiosk-signature: ${'A'.repeat(86)}==\r\n`],
    ] as const;
    for (const [path, extra] of cases) {
      // Only the headers and the first 64 KB are ever sent: an answer proves the body was not awaited.
      const ex = rawRequest(port, head(path, extra), '\r\n\r\n');
      ex.socket.write('{"reference":"' + 'x'.repeat(64 * 1024));
      const { text } = await ex.response;
      ex.socket.destroy();
      expect(text, `${path} ${extra}`).toMatch(/^HTTP\/1\.1 401 /);
    }
  });

  it('answers 40 concurrent strangers pushing 16 MB bodies with 401s and reads almost none of the bodies', async () => {
    // Issue 12 item 1's attack. What the server read is counted on its own sockets: a server
    // that parsed (or drained) the bodies would read 40 × 16 MB. Memory and /healthz latency
    // during the same attack are measured by test/bench/body-flood.bench.ts.
    // Its own server with the default limits: the shared one allows 30 failures a minute.
    const own = await startTestServer(backend);
    await own.app.listen({ host: '127.0.0.1', port: 0 });
    const ownPort = (own.app.server.address() as AddressInfo).port;
    const read: Socket[] = [];
    own.app.server.on('connection', (sock: Socket) => read.push(sock));
    // What the server answered, seen on its side: a client still pushing its body can have the
    // connection reset before it reads the 401 (the server closes rather than read on).
    const answered: number[] = [];
    own.app.server.on('request', (_req: IncomingMessage, res: ServerResponse) => res.once('finish', () => answered.push(res.statusCode)));
    try {
      for (const extra of ['', 'Authorization: Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n']) {
        read.length = 0;
        answered.length = 0;
        const flood = await bodyFlood({ port: ownPort, path: '/v1/f0-cases', connections: 40, bodyBytes: SIXTEEN_MB, extraHeaders: extra, stallMs: 1_000 });
        expect(answered, extra).toEqual(Array.from({ length: 40 }, () => 401));
        expect(flood.statuses.filter((st) => st !== 401 && st !== 0), extra).toEqual([]);
        const bytesRead = read.reduce((sum, sock) => sum + sock.bytesRead, 0);
        // Headers plus what arrived before each answer (about 5 MB in all when measured): less than
        // one of the 40 bodies, where draining them would read 640 MB.
        expect(bytesRead, `server read ${bytesRead} bytes`).toBeLessThan(SIXTEEN_MB);
        expect(read.length).toBe(40);
      }
    } finally {
      await own.close();
    }
  }, 60_000);

  it('answers 401, not a schema error, to an unauthenticated malformed request', async () => {
    const r = await s.app.inject({ method: 'POST', url: '/v1/f0-cases', payload: { nonsense: true } });
    expect(r.statusCode).toBe(401);
    const k = await s.app.inject({ method: 'POST', url: '/v1/kiosk/batches', payload: { nonsense: true } });
    expect(k.statusCode).toBe(401);
    const forged = await s.app.inject({ method: 'POST', url: '/v1/kiosk/batches', headers: signedHeaders(kiosk, 'POST', '/v1/kiosk/batches', '{"other":1}', s.clock.now), payload: { nonsense: true } });
    expect(forged.json().error.code).toBe('signature_invalid');
  });

  it('limits strangers by address, however many kiosk ids they make up, and never spends a real kiosk’s budget', async () => {
    let limited = 0;
    for (let i = 0; i < 40; i += 1) {
      const r = await s.app.inject({ method: 'GET', url: '/v1/kiosk/notices', remoteAddress: '203.0.113.50', headers: { 'x-kiosk-id': randomUUID() } });
      if (r.statusCode === 429) limited += 1;
    }
    expect(limited).toBeGreaterThan(0);
    for (let i = 0; i < 40; i += 1) {
      await s.app.inject({ method: 'GET', url: '/v1/kiosk/notices', remoteAddress: '203.0.113.51', headers: { 'x-kiosk-id': kiosk.id, 'x-kiosk-timestamp': String(s.clock.now), 'x-kiosk-signature': `${'A'.repeat(86)}==` } });
    }
    s.clock.now += 1;
    const real = await signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', emptyBatch(randomUUID(), s.clock.now));
    expect(real.statusCode, real.body).toBe(200);
  });

  it('closes a connection whose request trickles in slower than the request timeout', async () => {
    const ex = rawRequest(port, 'POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    const trickle = setInterval(() => ex.socket.write(' '), 200);
    const { closedAfterMs } = await ex.response;
    clearInterval(trickle);
    ex.socket.destroy();
    expect(closedAfterMs).toBeLessThan(5_000);
    const idle = rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const r2 = await idle.response;
    idle.socket.destroy();
    expect(r2.closedAfterMs).toBeLessThan(5_000);
  });

  it('refuses NUL characters and out-of-range integers with 400, never 500', async () => {
    const nul = await s.app.inject({ method: 'POST', url: '/v1/auth/login', remoteAddress: '198.51.100.1', payload: { username: 'ad\u0000min', password: 'whatever-123' } });
    expect(nul.statusCode, nul.body).toBe(400);
    expect(nul.json().error.code).toBe('invalid_request');
    const venue = await s.app.inject({ method: 'GET', url: '/v1/venues?province=H%00N', headers: bearer(official) });
    expect(venue.statusCode, venue.body).toBe(400);
    const admin = await createUser(s, 'boss', 'admin');
    const before = await s.app.inject({ method: 'GET', url: '/v1/audit?before=1e20', headers: bearer(admin) });
    expect(before.statusCode, before.body).toBe(400);
    s.clock.now += 1;
    const batch = emptyBatch(randomUUID(), s.clock.now);
    const deep = await signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', { ...batch, heartbeat: { ...batch.heartbeat, queue_depth: 2 ** 31 } });
    expect(deep.statusCode, deep.body).toBe(400);
    s.clock.now += 1;
    const name = await signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', { ...emptyBatch(randomUUID(), s.clock.now), heartbeat: { ...batch.heartbeat, version: 'v\u0000' } });
    expect(name.statusCode, name.body).toBe(400);
  });

  it('bounds every integer and string of every route’s request schema', () => {
    const problems: string[] = [];
    for (const r of s.app.routeAccess) {
      for (const part of ['body', 'querystring', 'params'] as const) unbounded(r.schema[part], `${r.method} ${r.url} ${part}`, problems);
    }
    expect(problems).toEqual([]);
  });
});
