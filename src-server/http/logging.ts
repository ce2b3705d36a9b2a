// Structured logs (pino via Fastify) with identifiers redacted: no tokens, signatures, full
// IP addresses or query strings (which may carry names of places or people) reach the log.
import type { FastifyServerOptions } from 'fastify';

function maskIp(ip: string | undefined): string {
  if (!ip) return '';
  if (ip.includes('.')) return ip.split('.').slice(0, 2).join('.') + '.x.x';
  return ip.split(':').slice(0, 3).join(':') + ':…';
}

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-kiosk-signature"]', 'req.headers.cookie', 'password', '*.password', 'token', '*.token', 'code', '*.code'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method?: string; url?: string; ip?: string; headers?: Record<string, unknown> }) => ({
        method: req.method,
        path: (req.url ?? '').split('?')[0],
        ip: maskIp(req.ip),
        kiosk: typeof req.headers?.['x-kiosk-id'] === 'string' ? `${String(req.headers['x-kiosk-id']).slice(0, 8)}…` : undefined,
      }),
    },
  };
}
