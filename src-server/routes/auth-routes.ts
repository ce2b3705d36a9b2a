// Login, logout, and changing one's own password.
//
// Guessing is throttled per (account, source address): each attempt reserves a slot
// atomically *before* the password is hashed, so at most MAX_FAILURES passwords are checked
// per pair and window, however many requests arrive at once. The answer for an unknown
// account, a wrong password, a disabled account and a throttled source is the same 401, so
// nothing reveals which accounts exist. The owner, from another address, is never locked
// out by someone else's guesses; the per-address login rate limit slows guessing across
// accounts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ChangePasswordRequest, LoginRequest, LoginResponse, OkResponse } from '../../shared/api/server-api.js';
import { routeSchema } from '../http/route-schema.js';
import { ApiError, badRequest } from '../http/api-error.js';
import { passwordProblem } from '../auth/password.js';
import { newSessionToken, sha256Hex } from '../auth/tokens.js';
import { userOf } from '../auth/guards.js';
import { userView } from './views.js';
import { ALL_ROLES, PUBLIC, users as usersOf } from '../http/access.js';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie.js';

export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;

const INVALID = (): ApiError => new ApiError(401, 'invalid_credentials', 'wrong username or password');

/** Throttle key of one account name from one source; the name need not exist. */
export function loginThrottleKey(username: string, req: FastifyRequest): string {
  return `login:${sha256Hex(username.normalize('NFC').toLowerCase())}:${req.ip}`;
}

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const s = app.services;
  const { users, now, config, loginThrottle } = s;
  // Verifying against a real hash for unknown users keeps response time from revealing names.
  let dummyHash: Promise<string> | null = null;
  const dummy = () => (dummyHash ??= s.passwords.hash('not-a-real-password-ever'));

  app.post<{ Body: LoginRequest }>(
    '/v1/auth/login',
    {
      config: { access: PUBLIC, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000, keyGenerator: (req) => `login:${req.ip}` } },
      schema: routeSchema({ tags: ['auth'], summary: 'Log in; returns a bearer token', body: LoginRequest, response: { 200: LoginResponse } }),
    },
    async (req, reply) => {
      const { username, password } = req.body;
      const t = now();
      const key = loginThrottleKey(username, req);
      if ((await loginThrottle.reserve(key, t, LOCK_MS)) > MAX_FAILURES) throw INVALID();
      const u = await users.findByUsername(username);
      if (!u || u.disabled_at !== null) {
        await s.passwords.verify(password, await dummy());
        throw INVALID();
      }
      if (!(await s.passwords.verify(password, u.password_hash))) throw INVALID();
      await loginThrottle.clear(key);
      if (s.passwords.needsRehash(u.password_hash)) {
        await users.upgradeHash(u.id, u.password_hash, await s.passwords.hash(password));
      }
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
    { config: { access: usersOf(ALL_ROLES, 'global') }, schema: routeSchema({ tags: ['auth'], summary: 'End this session', security: 'bearer', response: { 200: OkResponse } }) },
    async (req, reply) => {
      userOf(req);
      if (req.sessionTokenHash) await users.deleteSession(req.sessionTokenHash);
      clearSessionCookie(req, reply);
      return { ok: true };
    },
  );

  app.post<{ Body: ChangePasswordRequest }>(
    '/v1/auth/password',
    {
      config: { access: usersOf(ALL_ROLES, 'global') },
      schema: routeSchema({ tags: ['auth'], summary: 'Change your own password; your other sessions end', security: 'bearer', body: ChangePasswordRequest, response: { 200: OkResponse } }),
    },
    async (req) => {
      const p = userOf(req);
      const key = loginThrottleKey(p.username, req);
      // The current password is a guess like any other: it counts against the same throttle.
      if ((await loginThrottle.reserve(key, now(), LOCK_MS)) > MAX_FAILURES) throw INVALID();
      const row = await users.getRow(p.id);
      if (!row || !(await s.passwords.verify(req.body.current_password, row.password_hash))) throw INVALID();
      await loginThrottle.clear(key);
      const problem = passwordProblem(req.body.new_password);
      if (problem) throw badRequest('password_weak', problem);
      await users.setPassword(p.id, await s.passwords.hash(req.body.new_password), req.sessionTokenHash ?? undefined);
      await s.audit.write(p, 'user.password_change', p.id, {}, now());
      return { ok: true };
    },
  );

  app.get(
    '/v1/auth/me',
    { config: { access: usersOf(ALL_ROLES, 'global') }, schema: routeSchema({ tags: ['auth'], summary: 'Who am I', security: 'bearer', response: { 200: Type.Object({ user: LoginResponse.properties.user }) } }) },
    (req) => ({ user: userView(userOf(req)) }),
  );
}
