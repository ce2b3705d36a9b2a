// Route schema helper: every route declares its request parts and success response; the
// uniform error body is added for 4xx/5xx so the OpenAPI document shows it everywhere.
import type { FastifySchema } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { ErrorBody } from '../../shared/api/server-api.js';

export interface RouteSchemaParts {
  tags: string[];
  summary: string;
  body?: TSchema;
  querystring?: TSchema;
  params?: TSchema;
  response: Record<number, TSchema>;
  /** Security scheme name for OpenAPI; omitted for public routes. */
  security?: 'bearer' | 'kiosk';
}

export function routeSchema(p: RouteSchemaParts): FastifySchema {
  const schema: FastifySchema & Record<string, unknown> = {
    tags: p.tags,
    summary: p.summary,
    response: { ...p.response, '4xx': ErrorBody, '5xx': ErrorBody },
  };
  if (p.body) schema.body = p.body;
  if (p.querystring) schema.querystring = p.querystring;
  if (p.params) schema.params = p.params;
  if (p.security === 'bearer') schema.security = [{ bearer: [] }];
  if (p.security === 'kiosk') schema.security = [{ kioskId: [], kioskTimestamp: [], kioskSignature: [] }];
  return schema;
}
