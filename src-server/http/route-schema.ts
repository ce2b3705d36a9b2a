// Route schema helper: every route declares its request parts and success response; the
// uniform error body is added for 4xx/5xx so the OpenAPI document shows it everywhere.
import type { FastifySchema } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { ErrorBody } from '../../shared/api/server-api.js';
import { FIELD_DOCS } from '../../shared/api/field-docs.js';

interface Node {
  description?: string;
  properties?: Record<string, Node>;
  items?: Node;
  anyOf?: Node[];
  oneOf?: Node[];
  allOf?: Node[];
}

/**
 * Gives every field that has no description of its own the one FIELD_DOCS holds for its name
 * (descriptions change no validation). Runs when a route is declared, before Fastify compiles.
 */
export function describeFields(schema: TSchema): TSchema {
  const seen = new Set<Node>();
  const walk = (n: Node | undefined): void => {
    if (!n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    for (const [name, prop] of Object.entries(n.properties ?? {})) {
      if ((prop.description ?? '').trim() === '' && FIELD_DOCS[name] !== undefined) prop.description = FIELD_DOCS[name];
      walk(prop);
    }
    walk(n.items);
    for (const sub of [...(n.anyOf ?? []), ...(n.oneOf ?? []), ...(n.allOf ?? [])]) walk(sub);
  };
  walk(schema as Node);
  return schema;
}

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
    response: Object.fromEntries(Object.entries({ ...p.response, '4xx': ErrorBody, '5xx': ErrorBody }).map(([k, v]) => [k, describeFields(v)])),
  };
  if (p.body) schema.body = describeFields(p.body);
  if (p.querystring) schema.querystring = describeFields(p.querystring);
  if (p.params) schema.params = describeFields(p.params);
  if (p.security === 'bearer') schema.security = [{ bearer: [] }];
  if (p.security === 'kiosk') schema.security = [{ kioskId: [], kioskTimestamp: [], kioskSignature: [] }];
  return schema;
}
