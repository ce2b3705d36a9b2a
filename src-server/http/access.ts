// Route access: declared where each route is declared, enforced here by one hook that runs
// before the request body is read. A new route says who may call it in its options:
//
//   app.get('/v1/venues/:id', { config: { access: users(['admin', 'health_official'], 'area') }, schema }, handler);
//   app.post('/v1/auth/login', { config: { access: PUBLIC }, schema }, handler);
//   app.post(KIOSK_API.batches, { config: { access: KIOSK }, schema }, handler);
//
// A route that declares nothing stops the server at start-up (the onRoute hook throws).
// Scopes say how the handler confines the caller, and the authorisation-matrix test derives
// its expectations from them:
//   'global' — no per-venue scope (admin work, or the caller's own account);
//   'area'   — officials and ICT officers see their province, venue managers their venues;
//              an out-of-scope resource answers 404, so its existence is not revealed.
// Kiosk routes are checked in two steps: identity, key state and timestamp freshness before
// the body (onRequest), the signature over the body digest once it is read (preValidation).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../shared/api/server-api.js';
import type {} from './fastify-types.js';
import { ApiError, forbidden, unauthenticated } from './api-error.js';
import { resolveSession } from '../auth/session-resolver.js';
import { AuthFailureLimiter } from './auth-failure-limiter.js';

export type AccessScope = 'global' | 'area';

export type RouteAccess =
  | { readonly kind: 'public' }
  | { readonly kind: 'kiosk' }
  | { readonly kind: 'user'; readonly roles: readonly Role[]; readonly scope: AccessScope };

export const PUBLIC: RouteAccess = { kind: 'public' };
export const KIOSK: RouteAccess = { kind: 'kiosk' };
export const ALL_ROLES: readonly Role[] = ['admin', 'health_official', 'ict_officer', 'venue_manager'];

export function users(roles: readonly Role[], scope: AccessScope): RouteAccess {
  return { kind: 'user', roles, scope };
}

export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess;
  /** The request schemas (body, querystring, params), for tests that check every input is bounded. */
  readonly schema: Readonly<Record<string, unknown>>;
}

function isAccess(v: unknown): v is RouteAccess {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as { kind?: unknown; roles?: unknown; scope?: unknown };
  if (a.kind === 'public' || a.kind === 'kiosk') return true;
  return a.kind === 'user' && Array.isArray(a.roles) && a.roles.length > 0 && (a.scope === 'global' || a.scope === 'area');
}

/** Installs the declaration check and the enforcing hooks; call before any route is registered. */
export function installAccessControl(app: FastifyInstance): void {
  const table: RegisteredRoute[] = [];
  app.decorate('routeAccess', table);

  app.addHook('onRoute', (route) => {
    const access: unknown = (route.config as { access?: unknown } | undefined)?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!isAccess(access)) {
      throw new Error(`route ${methods.join(',')} ${route.url} declares no access: add config.access (PUBLIC, KIOSK or users(roles, scope))`);
    }
    for (const method of methods) {
      if (method === 'HEAD' && table.some((r) => r.method === 'GET' && r.url === route.url)) continue;
      table.push({ method, url: route.url, access, schema: (route.schema ?? {}) as Record<string, unknown> });
    }
  });

  const s = app.services;
  const failures = new AuthFailureLimiter(s.config.rateLimitPerMinute, s.now);
  const counted = async (req: FastifyRequest, step: () => Promise<void>) => {
    try {
      await step();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) failures.fail(req.ip);
      throw err;
    }
  };

  app.addHook('onRequest', async (req) => {
    failures.check(req.ip);
    await counted(req, () => authenticate(req));
  });

  async function authenticate(req: FastifyRequest): Promise<void> {
    const access = accessOf(req);
    // Only the not-found handler has no declaration; answer before reading any body.
    if (!access) throw new ApiError(404, 'route_not_found', `no route ${req.method} ${req.url.split('?')[0]}`);
    if (access.kind === 'public') return;
    if (access.kind === 'kiosk') {
      req.kioskCandidate = await s.kioskVerifier.precheck(req);
      return;
    }
    const session = await resolveSession(s, req);
    if (!session) throw unauthenticated();
    req.principal = session.principal;
    req.sessionTokenHash = session.tokenHash;
    const p = session.principal;
    if (!access.roles.includes(p.role)) throw forbidden(`this needs one of the roles: ${access.roles.join(', ')}`);
    if (access.scope === 'area' && (p.role === 'health_official' || p.role === 'ict_officer') && p.province === null) {
      throw new ApiError(403, 'scope_missing', 'your account has no province; ask an admin to set one');
    }
  }

  // The signature covers the body's digest, so it is checked once the body is read and
  // before schema validation: a forged request gets 401, never a schema error.
  app.addHook('preValidation', async (req) => {
    if (accessOf(req)?.kind !== 'kiosk') return;
    const candidate = req.kioskCandidate;
    await counted(req, async () => {
      if (!candidate) throw new ApiError(401, 'signature_missing', 'signed kiosk request headers are missing');
      req.kiosk = await s.kioskVerifier.verifySignature(req, candidate);
    });
  });
}

function accessOf(req: FastifyRequest): RouteAccess | undefined {
  const access: unknown = (req.routeOptions.config as { access?: unknown } | undefined)?.access;
  return isAccess(access) ? access : undefined;
}
