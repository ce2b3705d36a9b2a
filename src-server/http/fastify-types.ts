// Request/instance decorations of the key server, declared once for the type checker.
import type { KiosksTable } from '../db/schema.js';
import type { Principal } from '../repositories/users-repo.js';
import type { Services } from '../services.js';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
  interface FastifyRequest {
    principal: Principal | null;
    kiosk: KiosksTable | null;
    rawBody: Buffer | null;
    /** SHA-256 of the session token this request came with (bearer header or console cookie). */
    sessionTokenHash: string | null;
    /** A session cookie came with the request but its session is unknown or expired. */
    sessionExpired: boolean;
  }
}

export {};
