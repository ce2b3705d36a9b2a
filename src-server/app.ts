// Builds the key server without listening: main.ts listens, tests use `inject`.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import rateLimit from '@fastify/rate-limit';
import type { ServerConfig } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import './http/fastify-types.js';
import { createServices } from './services.js';
import { typeboxValidatorCompiler } from './http/validation.js';
import { errorHandler } from './http/error-handler.js';
import { ApiError } from './http/api-error.js';
import { loggerOptions } from './http/logging.js';
import { DEFAULT_BODY_LIMIT } from './http/limits.js';
import { installAccessControl, PUBLIC } from './http/access.js';
import { PasswordHasher } from './auth/password.js';
import { healthRoutes } from './routes/health-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { venueRoutes } from './routes/venue-routes.js';
import { kioskRoutes } from './routes/kiosk-routes.js';
import { f0Routes } from './routes/f0-routes.js';
import { exposureRoutes } from './routes/exposure-routes.js';
import { feedRoutes } from './routes/feed-routes.js';
import { statsRoutes } from './routes/stats-routes.js';
import { adminRoutes } from './routes/admin-routes.js';
import { areaRoutes } from './routes/area-routes.js';
import { isStateChanging, sameOrigin } from './auth/session-cookie.js';
import { applySecurityHeaders, consoleRoutes } from './http/console-static.js';
import { reportRoutes } from './routes/report-routes.js';
import { campaignRoutes } from './routes/campaign-routes.js';
import { kioskAdminRoutes } from './routes/kiosk-admin-routes.js';


export interface AppOptions {
  readonly config: ServerConfig;
  readonly database: DatabaseHandle;
  /** Injected clock (tests move time for expiry, skew and retention). */
  readonly now?: () => number;
  /** false for silent tests; default: structured JSON logs at config.logLevel. */
  readonly logger?: FastifyServerOptions['logger'];
  /** scrypt cost as log2(N); default 17. Tests lower it so setting up users stays fast. */
  readonly passwordCostLog2?: number;
}


export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const services = createServices(opts.config, opts.database, opts.now, new PasswordHasher(opts.passwordCostLog2));
  const app = Fastify({
    logger: opts.logger ?? loggerOptions(opts.config.logLevel),
    bodyLimit: DEFAULT_BODY_LIMIT,
    trustProxy: false,
    // A client trickling headers or a body is cut off: slowloris must not hold connections.
    requestTimeout: opts.config.requestTimeoutMs,
    connectionTimeout: opts.config.idleTimeoutMs,
    keepAliveTimeout: Math.min(5_000, opts.config.idleTimeoutMs),
    http: { headersTimeout: Math.min(15_000, opts.config.requestTimeoutMs), connectionsCheckingInterval: Math.min(1_000, opts.config.requestTimeoutMs) },
    // Request IDs are random, never derived from a client identifier.
    genReqId: () => crypto.randomUUID(),
  });
  app.setValidatorCompiler(typeboxValidatorCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error: { code: 'route_not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });
  app.decorate('services', services);
  services.engine.onBackgroundError = (err, what) => app.log.error({ err }, `exposure recompute failed: ${what}`);
  // Shutdown lets a running recompute finish before the database closes.
  app.addHook('onClose', () => services.engine.settled());
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionTokenHash', null);
  app.decorateRequest('kioskCandidate', null);
  app.decorateRequest('kiosk', null);
  app.decorateRequest('rawBody', null);

  // Keep the exact bytes: kiosk signatures cover the body digest, not a re-serialisation.
  // JSON only: every other media type (text/plain included) is refused with 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const buf = body as Buffer;
    req.rawBody = buf;
    if (buf.length === 0) {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(buf.toString('utf8')) as unknown);
    } catch {
      done(new ApiError(400, 'invalid_json', 'request body is not valid JSON'), undefined);
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Bluezone Kiosk key server', version: '1.0.0', description: 'Kiosk uploads, F0 intake, venue exposures, signed exposure feed.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          kioskId: { type: 'apiKey', in: 'header', name: 'x-kiosk-id' },
          kioskTimestamp: { type: 'apiKey', in: 'header', name: 'x-kiosk-timestamp' },
          kioskSignature: { type: 'apiKey', in: 'header', name: 'x-kiosk-signature' },
        },
      },
    },
  });

  await app.register(rateLimit, {
    max: opts.config.rateLimitPerMinute,
    timeWindow: 60_000,
    // Counted after authentication, keyed by the verified identity: a kiosk whose signature
    // verified, a user whose session resolved; else the address (public routes). 50 kiosks
    // behind one NAT are 50 clients, and nobody can spend a kiosk's budget by naming it.
    // Failed authentications are limited per address before the body (http/access.ts).
    hook: 'preHandler',
    keyGenerator: (req) => {
      if (req.kiosk) return `k:${req.kiosk.id}`;
      if (req.principal) return `u:${req.principal.id}`;
      return `ip:${req.ip}`;
    },
    errorResponseBuilder: (_req, ctx) => new ApiError(429, 'rate_limited', `too many requests; retry in ${Math.ceil(ctx.ttl / 1000)} s`),
  });

  // Every answer carries the console's security headers. A state-changing request from a
  // browser must come from our own pages: checked even without a cookie, so a cross-site page
  // cannot log a victim into another account. Runs before the access hook, before any body.
  app.addHook('onRequest', async (req, reply) => {
    applySecurityHeaders(reply);
    if (isStateChanging(req.method) && typeof req.headers.origin === 'string' && !sameOrigin(req)) {
      throw new ApiError(403, 'origin_mismatch', 'this request came from another site; open the console from the server itself');
    }
  });
  // A request answered before its body was read (refused by the access hook, too large, rate
  // limited): close the connection after the answer. Otherwise Node reads the rest of the body
  // and throws it away to keep the connection alive, so a stranger's 16 MB still costs 16 MB
  // of reading (issue 12 item 1; test/integration/server/request-hardening.test.ts).
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.raw.complete) void reply.header('connection', 'close');
    return payload;
  });
  installAccessControl(app);

  app.get('/openapi.json', { config: { access: PUBLIC }, schema: { hide: true } }, () => app.swagger());
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(userRoutes);
  await app.register(venueRoutes);
  await app.register(kioskRoutes);
  await app.register(f0Routes);
  await app.register(exposureRoutes);
  await app.register(feedRoutes);
  await app.register(statsRoutes);
  await app.register(adminRoutes);
  await app.register(areaRoutes);
  await app.register(consoleRoutes);
  await app.register(reportRoutes);
  await app.register(campaignRoutes);
  await app.register(kioskAdminRoutes);
  return app;
}
