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
  }
}

export {};
