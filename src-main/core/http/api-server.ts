// The core's local HTTP server: the built UI as static files, the typed API declared in
// shared/api/core-api.ts, and the live-event stream (server-sent events). It listens on
// 127.0.0.1 by default; Host and Origin are checked so a web page elsewhere cannot drive it
// through DNS rebinding.
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { CORE_API, CoreStatus, TallyRequest, type LiveEvent } from '../../../shared/api/core-api.js';
import type { Disposable } from '../ports.js';
import type { TallyKind } from '../../../shared/domain/types.js';

/** What the HTTP layer needs from the core. */
export interface CoreFacade {
  status(): CoreStatus;
  addTally(kind: TallyKind, delta: number): void;
  onLiveEvent(listener: (event: LiveEvent) => void): Disposable;
}

export interface ApiServerOptions {
  core: CoreFacade;
  uiDir: string | null;
  /** Host names (without port) accepted in the Host header. */
  allowedHosts?: string[];
  keepAliveMs?: number;
}

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export async function buildApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  // Unknown properties are rejected, never silently dropped, and types are never coerced.
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024, ajv: { customOptions: { removeAdditional: false, coerceTypes: false } } });
  const allowedHosts = new Set(options.allowedHosts ?? ['127.0.0.1', 'localhost', '[::1]']);

  app.addHook('onRequest', async (req, reply) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!allowedHosts.has(host)) {
      return reply.code(421).send({ error: { code: 'host_not_allowed', message: 'unknown Host header' } });
    }
    const origin = req.headers.origin;
    if (origin && req.method !== 'GET' && new URL(origin).host !== req.headers.host) {
      return reply.code(403).send({ error: { code: 'cross_origin', message: 'cross-origin request refused' } });
    }
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) void reply.header(k, v);
    return undefined;
  });

  app.setErrorHandler((err: { statusCode?: number; validation?: unknown; message: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    const code = err.validation ? 'invalid_request' : status === 413 ? 'body_too_large' : status >= 500 ? 'internal_error' : 'bad_request';
    void reply.code(status).send({ error: { code, message: status >= 500 ? 'internal error' : err.message } });
  });

  app.get(CORE_API.health, async () => ({ ok: true }));

  app.get(CORE_API.status, { schema: { response: { 200: CoreStatus } } }, async () => options.core.status());

  app.post(CORE_API.tally, { schema: { body: TallyRequest } }, async (req) => {
    const body = req.body as TallyRequest;
    options.core.addTally(body.kind, body.delta);
    return options.core.status().tallies_today;
  });

  app.get(CORE_API.events, (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      ...SECURITY_HEADERS,
    });
    const send = (event: LiveEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    send({ type: 'status', status: options.core.status() });
    const sub = options.core.onLiveEvent(send);
    // A comment line now and then keeps proxies and the browser from timing the stream out.
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), options.keepAliveMs ?? 15_000);
    req.raw.on('close', () => {
      clearInterval(keepAlive);
      sub.dispose();
    });
  });

  if (options.uiDir && existsSync(options.uiDir)) {
    await app.register(fastifyStatic, { root: options.uiDir, index: ['index.html'], wildcard: false });
  } else {
    app.get('/', async (_req, reply) =>
      reply.type('text/plain; charset=utf-8').send('The kiosk UI is not built: run `npm run build`.'),
    );
  }

  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });
  return app;
}
