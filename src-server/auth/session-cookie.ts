// Browser sessions for the officials' console. The same opaque session token as the bearer
// header, carried in an HttpOnly cookie so page scripts never hold it, SameSite=Strict so no
// other site's page can send it, Secure whenever the server itself speaks TLS. A cookie is
// sent by the browser on its own, so every state-changing request that rides on it must also
// carry an Origin equal to ours (a cross-site form or fetch cannot forge that header).
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'bz_session';
/** The API lives under /v1; the console's own pages and assets never need the cookie. */
const COOKIE_PATH = '/v1';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionCookieOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? null : value;
    }
  }
  return null;
}

function secure(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, maxAgeS: number): void {
  void reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${token}; Path=${COOKIE_PATH}; Max-Age=${maxAgeS}; HttpOnly; SameSite=Strict${secure(req) ? '; Secure' : ''}`,
  );
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  void reply.header('set-cookie', `${SESSION_COOKIE}=; Path=${COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Strict${secure(req) ? '; Secure' : ''}`);
}

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** The request's Origin header is exactly this server's origin (scheme, host and port). */
export function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (typeof origin !== 'string' || typeof host !== 'string') return false;
  return origin === `${req.protocol}://${host}`;
}
