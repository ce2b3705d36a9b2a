// Request/instance decorations of the key server, declared once for the type checker.
import type { KiosksTable } from '../db/schema.js';
import type { Principal } from '../repositories/users-repo.js';
import type { Services } from '../services.js';
import type { RegisteredRoute, RouteAccess } from './access.js';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    /** Every registered route with its declared access (http/access.ts). */
    routeAccess: readonly RegisteredRoute[];
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** SHA-256 of the session token this request came with (bearer header or console cookie). */
    sessionTokenHash: string | null;
    /** A kiosk whose headers passed the pre-body check; its signature is not verified yet. */
    kioskCandidate: KiosksTable | null;
    /** A kiosk whose signature over this request verified. */
    kiosk: KiosksTable | null;
    rawBody: Buffer | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export {};
