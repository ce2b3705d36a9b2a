// Login/logout. Failed logins are counted per account; after MAX_FAILURES the account is
// locked for LOCK_MS, and the per-IP login rate limit slows guessing across accounts.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { LoginRequest, LoginResponse } from '../../shared/api/server-api.js';
import { routeSchema } from '../http/route-schema.js';
import { ApiError } from '../http/api-error.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { newSessionToken, sha256Hex } from '../auth/tokens.js';
import { userOf } from '../auth/guards.js';
import { userView } from './views.js';
import { ALL_ROLES, PUBLIC, users as usersOf } from '../http/access.js';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie.js';

export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const { users, now, config } = app.services;
  // Verifying against a real hash for unknown users keeps response time from revealing names.
  const dummyHash = hashPassword('not-a-real-password-ever');

  app.post<{ Body: LoginRequest }>(
    '/v1/auth/login',
    {
      config: { access: PUBLIC, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000, keyGenerator: (req) => `login:${req.ip}` } },
      schema: routeSchema({ tags: ['auth'], summary: 'Log in; returns a bearer token', body: LoginRequest, response: { 200: LoginResponse } }),
    },
    async (req, reply) => {
      const { username, password } = req.body;
      const u = await users.findByUsername(username);
      if (!u) {
        await verifyPassword(password, await dummyHash);
        throw new ApiError(401, 'invalid_credentials', 'wrong username or password');
      }
      const t = now();
      if (u.locked_until !== null && u.locked_until > t) {
        throw new ApiError(423, 'account_locked', 'too many failed logins; try again later');
      }
      if (!(await verifyPassword(password, u.password_hash))) {
        const locked = await users.recordFailure(u.id, t, MAX_FAILURES, LOCK_MS);
        if (locked) throw new ApiError(423, 'account_locked', 'too many failed logins; try again later');
        throw new ApiError(401, 'invalid_credentials', 'wrong username or password');
      }
      await users.recordSuccess(u.id);
      const token = newSessionToken();
      const expiresAt = t + config.sessionTtlHours * 3_600_000;
      await users.createSession(sha256Hex(token), u.id, t, expiresAt);
      // The console signs in with the cookie; API clients use the token in the body.
      setSessionCookie(req, reply, token, config.sessionTtlHours * 3600);
      const p = await users.principal(u.id);
      return { token, expires_at: expiresAt, user: userView(p!) };
    },
  );

  app.post(
    '/v1/auth/logout',
    { config: { access: usersOf(ALL_ROLES, 'global') }, schema: routeSchema({ tags: ['auth'], summary: 'End this session', security: 'bearer', response: { 200: Type.Object({ ok: Type.Boolean() }) } }) },
    async (req, reply) => {
      userOf(req);
      if (req.sessionTokenHash) await users.deleteSession(req.sessionTokenHash);
      clearSessionCookie(req, reply);
      return { ok: true };
    },
  );

  app.get('/v1/auth/me', { config: { access: usersOf(ALL_ROLES, 'global') }, schema: routeSchema({ tags: ['auth'], summary: 'Who am I', security: 'bearer', response: { 200: Type.Object({ user: LoginResponse.properties.user }) } }) }, (req) => ({
    user: userView(userOf(req)),
  }));
}
