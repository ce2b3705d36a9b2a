// The core's local HTTP server: the built UI as static files, the typed API declared in
// shared/api/core-api.ts, and the live-event stream (server-sent events). It listens on
// 127.0.0.1 by default; Host and Origin are checked so a web page elsewhere cannot drive it
// through DNS rebinding.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import {
  CORE_API,
  CalibrationStartRequest,
  CalibrationStatus,
  CoreStatus,
  StaffLoginRequest,
  TallyRequest,
  type LiveEvent,
  type StaffErrorCode,
} from '../../../shared/api/core-api.js';
import type { Disposable } from '../ports.js';
import type { TallyKind } from '../../../shared/domain/types.js';
import type { StaffAuth } from './staff-auth.js';
import type {
  ApplyResult,
  CalibrationPosition,
  CalibrationState,
  PointResult,
} from '../engine/distance-calibration-service.js';

/** The core's status before the HTTP layer fits it to the asking viewer (see `staff`). */
export type CoreSnapshot = Omit<CoreStatus, 'staff'>;
export type CoreEvent = Exclude<LiveEvent, { type: 'status' }> | { type: 'status'; status: CoreSnapshot };

/** What the HTTP layer needs from the core. */
/** The distance calibration wizard's operations (see CalibrationStatus in core-api.ts). */
export interface CalibrationFacade {
  state(): CalibrationState;
  start(position: CalibrationPosition, durationMs?: number): CalibrationState;
  cancel(): CalibrationState;
  apply(): ApplyResult;
}

export function calibrationStatus(s: CalibrationState): CalibrationStatus {
  const point = (p: PointResult | undefined) => (p === undefined ? {} : { median_rssi: p.median, samples: p.samples, measured_at: p.measuredAt });
  const points: CalibrationStatus['points'] = {};
  if (s.points.near) points.near = point(s.points.near) as NonNullable<CalibrationStatus['points']['near']>;
  if (s.points.far) points.far = point(s.points.far) as NonNullable<CalibrationStatus['points']['far']>;
  return {
    calibrated: s.calibrated,
    source: s.source,
    near_min_rssi: s.thresholds.nearMinRssi,
    mid_min_rssi: s.thresholds.midMinRssi,
    check_in_min_rssi: s.thresholds.checkInMinRssi,
    calibrated_at: s.calibratedAt,
    measuring:
      s.measuring === null
        ? null
        : {
            position: s.measuring.position,
            started_at: s.measuring.startedAt,
            duration_ms: s.measuring.durationMs,
            samples: s.measuring.samples,
            median_rssi: s.measuring.median === null ? null : Math.round(s.measuring.median),
          },
    points,
    last_error: s.lastError,
  };
}

export interface CoreFacade {
  status(): CoreSnapshot;
  /** Absent in cores without a radio calibration (the routes then answer 404). */
  calibration?: CalibrationFacade;
  addTally(kind: TallyKind, delta: number): void;
  /** Staff acknowledged a venue notice; false when the kiosk holds no such notice. */
  acknowledgeNotice(noticeId: string): boolean;
  onLiveEvent(listener: (event: CoreEvent) => void): Disposable;
}

export interface ApiServerOptions {
  core: CoreFacade;
  uiDir: string | null;
  /** Host names (without port) accepted in the Host header. */
  allowedHosts?: string[];
  keepAliveMs?: number;
  /** Staff PIN sessions; null leaves the staff console open to anyone at the kiosk. */
  staffAuth?: StaffAuth | null;
  timeouts?: { requestMs: number; idleMs: number };
}

export const STAFF_COOKIE = 'bz_staff';

/** The host of an Origin header; null for "null" or anything else that is not a URL (a refusal, not a crash). */
function originHost(origin: string): string | null {
  return URL.canParse(origin) ? new URL(origin).host : null;
}

function cookieOf(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Visitors share the screen with staff: without a staff session the status keeps what the
 * visitor screen shows and drops alerts (which include exposure notices for the venue), the
 * venue's pending report requests and the upload error text.
 */
export function statusFor(snapshot: CoreSnapshot, pinRequired: boolean, authenticated: boolean): CoreStatus {
  const staff = { pin_required: pinRequired, authenticated };
  if (authenticated) return { ...snapshot, staff };
  return { ...snapshot, alerts: [], report_requests: [], upload: { ...snapshot.upload, last_error: null }, staff };
}

function refuse(reply: FastifyReply, status: number, code: StaffErrorCode, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** Request and idle timeouts of the local API; tests shorten them. */
export const CORE_TIMEOUTS = { requestMs: 30_000, idleMs: 60_000 } as const;

export async function buildApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  // Unknown properties are rejected, never silently dropped, and types are never coerced.
  // Timeouts: a client trickling headers or a body cannot hold a connection open (issue 12).
  const app = Fastify({
    logger: false,
    bodyLimit: 16 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
    connectionTimeout: options.timeouts?.idleMs ?? CORE_TIMEOUTS.idleMs,
    requestTimeout: options.timeouts?.requestMs ?? CORE_TIMEOUTS.requestMs,
    keepAliveTimeout: 5_000,
    http: { headersTimeout: options.timeouts?.requestMs ?? CORE_TIMEOUTS.requestMs, connectionsCheckingInterval: 1_000 },
  });
  const allowedHosts = new Set(options.allowedHosts ?? ['127.0.0.1', 'localhost', '[::1]']);

  app.addHook('onRequest', async (req, reply) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!allowedHosts.has(host)) {
      return reply.code(421).send({ error: { code: 'host_not_allowed', message: 'unknown Host header' } });
    }
    const origin = req.headers.origin;
    // "Origin: null" (sandboxed frames, file: pages) and unparseable origins are foreign too.
    if (origin && req.method !== 'GET' && originHost(origin) !== req.headers.host) {
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

  const auth = options.staffAuth ?? null;
  const pinRequired = auth !== null;
  /** Whether this request may use the staff console; a valid session counts as used now. */
  const isStaff = (req: FastifyRequest): boolean => auth === null || auth.touch(cookieOf(req, STAFF_COOKIE));

  app.get(CORE_API.health, async () => ({ ok: true }));

  app.get(CORE_API.status, { schema: { response: { 200: CoreStatus } } }, async (req) =>
    statusFor(options.core.status(), pinRequired, isStaff(req)),
  );

  app.post(CORE_API.tally, { schema: { body: TallyRequest } }, async (req, reply) => {
    if (!isStaff(req)) return refuse(reply, 401, 'staff_session_required', 'enter the staff PIN first');
    const body = req.body as TallyRequest;
    options.core.addTally(body.kind, body.delta);
    return options.core.status().tallies_today;
  });

  app.post<{ Params: { id: string } }>(CORE_API.noticeAck, async (req, reply) => {
    if (!isStaff(req)) return refuse(reply, 401, 'staff_session_required', 'enter the staff PIN first');
    if (req.params.id.length > 64 || !options.core.acknowledgeNotice(req.params.id)) {
      return refuse(reply, 404, 'notice_not_found', 'no such notice on this kiosk');
    }
    return { ok: true };
  });
  const calibration = options.core.calibration;
  if (calibration !== undefined) {
    const staffOnly = { preHandler: async (req: FastifyRequest, reply: FastifyReply) => {
      if (!isStaff(req)) return refuse(reply, 401, 'staff_session_required', 'enter the staff PIN first');
      return undefined;
    } };
    app.get(CORE_API.calibration, { ...staffOnly, schema: { response: { 200: CalibrationStatus } } }, async () => calibrationStatus(calibration.state()));
    app.post(CORE_API.calibrationStart, { ...staffOnly, schema: { body: CalibrationStartRequest, response: { 200: CalibrationStatus } } }, async (req) => {
      const body = req.body as CalibrationStartRequest;
      // Without duration_s the core's configured default applies (BZ_CALIBRATION_SECONDS).
      return calibrationStatus(body.duration_s === undefined ? calibration.start(body.position) : calibration.start(body.position, body.duration_s * 1000));
    });
    app.post(CORE_API.calibrationCancel, { ...staffOnly, schema: { response: { 200: CalibrationStatus } } }, async () => calibrationStatus(calibration.cancel()));
    app.post(CORE_API.calibrationApply, staffOnly, async (_req, reply) => {
      const r = calibration.apply();
      if (r.ok) return calibrationStatus(r.state);
      return reply.code(r.code === 'calibration_incomplete' ? 409 : 422).send({ error: { code: r.code, message: r.message } });
    });
  }

  app.post(CORE_API.staffSession, { schema: { body: StaffLoginRequest } }, async (req, reply) => {
    if (auth === null) return refuse(reply, 409, 'pin_not_configured', 'no staff PIN is configured (BZ_STAFF_PIN)');
    const result = auth.login((req.body as StaffLoginRequest).pin);
    if (!result.ok) {
      if (result.retryAfterMs > 0) void reply.header('retry-after', String(Math.ceil(result.retryAfterMs / 1000)));
      if (result.code === 'pin_wait') return refuse(reply, 429, 'pin_wait', 'wait before the next PIN attempt');
      return refuse(reply, 401, 'pin_invalid', 'wrong PIN');
    }
    // No Max-Age: the cookie ends with the browser, the server ends it after 12 h idle.
    // Path=/api keeps it off static files; SameSite=Strict keeps other sites from using it.
    void reply.header('set-cookie', `${STAFF_COOKIE}=${result.token}; HttpOnly; SameSite=Strict; Path=/api`);
    void reply.header('cache-control', 'no-store');
    return statusFor(options.core.status(), true, true).staff;
  });

  app.delete(CORE_API.staffSession, async (req, reply) => {
    auth?.logout(cookieOf(req, STAFF_COOKIE));
    void reply.header('set-cookie', `${STAFF_COOKIE}=; HttpOnly; SameSite=Strict; Path=/api; Max-Age=0`);
    return { pin_required: pinRequired, authenticated: auth === null };
  });

  // Live streams never end on their own (the kiosk window keeps one open all day), and a
  // hijacked reply is invisible to Fastify's close: without ending them here, close() waited
  // for ever, SIGTERM left the radio running and the store open, and systemd killed the core.
  const streams = new Set<{ end(): void }>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
    streams.clear();
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
    // The session is read once, when the stream opens, and re-checked on every status sent,
    // so a logout or an expired session stops staff detail at the next event.
    const token = cookieOf(req, STAFF_COOKIE);
    const send = (event: CoreEvent) => {
      const out: LiveEvent =
        event.type === 'status'
          ? { type: 'status', status: statusFor(event.status, pinRequired, auth === null || auth.isValid(token)) }
          : event;
      res.write(`event: ${out.type}\ndata: ${JSON.stringify(out)}\n\n`);
    };
    send({ type: 'status', status: options.core.status() });
    const sub = options.core.onLiveEvent(send);
    // A comment line now and then keeps proxies and the browser from timing the stream out.
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), options.keepAliveMs ?? 15_000);
    const stream = {
      end: () => {
        clearInterval(keepAlive);
        sub.dispose();
        res.end();
        // The browser would reconnect at once; the socket goes with the stream.
        req.raw.socket.destroy();
      },
    };
    streams.add(stream);
    req.raw.on('close', () => {
      clearInterval(keepAlive);
      sub.dispose();
      streams.delete(stream);
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
