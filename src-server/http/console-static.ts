// The officials' console: the built pages (vite's "console" entry) served from this server's
// own origin, so its API calls are same-origin and the session cookie never leaves it.
// Nothing comes from elsewhere: the CSP allows only this origin, no inline script or style.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { ApiError } from './api-error.js';
import { PUBLIC } from './access.js';

export const CONSOLE_PATH = '/console/';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Every answer, API or page: the strict policy, no sniffing, no framing, no referrer. */
export function applySecurityHeaders(reply: FastifyReply): void {
  void reply.headers({
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  });
}

export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  const dir = app.services.config.consoleDir;
  // Read once: the page is small, and a missing build is reported rather than crashing.
  const html = await readFile(join(dir, 'console', 'index.html'), 'utf8').catch(() => null);
  if (html === null) app.log.warn({ dir }, 'console not built: run `npm run build` to serve the officials’ console');

  // The plugin only lends reply.sendFile; the route is ours so it declares its access like
  // every other route (http/access.ts). `send` refuses traversal and dotfiles.
  await app.register(fastifyStatic, { root: join(dir, 'assets'), serve: false, decorateReply: true });
  const assets = join(dir, 'assets');
  app.get<{ Params: { '*': string } }>('/assets/*', { config: { access: PUBLIC }, schema: { hide: true } }, (req, reply) =>
    // Vite's file names carry a content hash: a file never changes under its name.
    reply.sendFile(req.params['*'], assets, { immutable: true, maxAge: 365 * 86_400_000, dotfiles: 'deny', index: false }),
  );

  const page = (_req: unknown, reply: FastifyReply) => {
    if (html === null) throw new ApiError(503, 'console_not_built', 'the console is not built on this server; run npm run build');
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  };
  app.get('/', { config: { access: PUBLIC }, schema: { hide: true } }, (_req, reply) => reply.redirect(CONSOLE_PATH));
  app.get('/console', { config: { access: PUBLIC }, schema: { hide: true } }, (_req, reply) => reply.redirect(CONSOLE_PATH));
  app.get(CONSOLE_PATH, { config: { access: PUBLIC }, schema: { hide: true } }, page);
}
