// Where a signed-in user's session comes from. One function, so every way of carrying a
// session (the Authorization bearer header, or the officials' console's HttpOnly cookie)
// goes through the same lookup, expiry and revocation rules before any request body is read.
import type { FastifyRequest } from 'fastify';
import type {} from '../http/fastify-types.js';
import type { Services } from '../services.js';
import type { Principal } from '../repositories/users-repo.js';
import { ApiError } from '../http/api-error.js';
import { sha256Hex } from './tokens.js';
import { isStateChanging, sameOrigin, sessionCookieOf } from './session-cookie.js';

export interface ResolvedSession {
  readonly principal: Principal;
  /** SHA-256 of the token: what the sessions table stores, and what logout deletes. */
  readonly tokenHash: string;
  readonly via: 'bearer' | 'cookie';
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,100})$/;
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** The token a request carries, or null when it carries none. A malformed header is refused. */
function presentedToken(req: FastifyRequest): { token: string; via: 'bearer' | 'cookie' } | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = BEARER.exec(auth);
    if (!m) throw new ApiError(401, 'unauthenticated', 'Authorization must be "Bearer <token>"');
    return { token: m[1]!, via: 'bearer' };
  }
  const cookie = sessionCookieOf(req.headers.cookie);
  if (cookie === null) return null;
  // The browser sends the cookie on its own, so a write riding on it must carry our Origin.
  if (isStateChanging(req.method) && !sameOrigin(req)) {
    throw new ApiError(403, 'origin_mismatch', 'a request with the session cookie must carry this server’s Origin');
  }
  if (!TOKEN.test(cookie)) throw new ApiError(401, 'session_expired', 'your session has ended; log in again');
  return { token: cookie, via: 'cookie' };
}

/** The caller's live session, null when none was presented; 401 for an unknown, expired or revoked one. */
export async function resolveSession(services: Services, req: FastifyRequest): Promise<ResolvedSession | null> {
  const presented = presentedToken(req);
  if (!presented) return null;
  const tokenHash = sha256Hex(presented.token);
  const session = await services.users.sessionUser(tokenHash, services.now());
  if (!session) throw new ApiError(401, 'session_expired', 'session is unknown or expired; log in again');
  if (session.disabled) throw new ApiError(401, 'account_disabled', 'an administrator disabled this account; its sessions have ended');
  const principal = await services.users.principal(session.userId);
  if (!principal) throw new ApiError(401, 'session_expired', 'session user no longer exists');
  return { principal, tokenHash, via: presented.via };
}
