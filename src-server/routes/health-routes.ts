// Liveness/readiness: answers only when the database answers.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { HealthResponse } from '../../shared/api/server-api.js';
import { routeSchema } from '../http/route-schema.js';
import { PUBLIC } from '../http/access.js';
import { ApiError } from '../http/api-error.js';

export const SERVER_VERSION = '1.0.0';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { config: { access: PUBLIC }, schema: routeSchema({ tags: ['health'], summary: 'Liveness and database check', response: { 200: HealthResponse } }) }, async () => {
    const { database } = app.services;
    try {
      await sql`SELECT 1`.execute(database.db);
    } catch (err) {
      app.log.error({ err }, 'database check failed');
      throw new ApiError(503, 'database_unavailable', 'database does not answer');
    }
    return { ok: true, database: database.dialect, version: SERVER_VERSION };
  });
}
