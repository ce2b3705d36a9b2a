// The API documents itself: every field of every route's request (parameters, body) and
// response in /openapi.json has a description, and every numeric field's description names
// its unit. The OpenAPI document is the same on both databases, so SQLite is enough.
//
// The unit rule: a number is a time (Unix ms, Unix seconds, minutes, hours, days), a slot
// number (15-minute UTC slot) or slot count, a count (of something named: "number of …",
// "… count", devices, entries, keys, rows …), dBm, a percent or ratio (0..1), bytes, a
// rank/position, a version, or an identifier-like index. The description must say which with
// one of the words below; a bare "the distance" or "the limit" does not pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const UNIT =
  /\b(unix ms|ms|milliseconds?|unix seconds|seconds?|minutes?|hours?|days?|weeks?|slots?|count|counts|number of|dBm|percent|%|ratio|0\.\.1|0–1|fraction|bytes?|rank|position|version|index|devices?|entries|entry|keys?|rows?|lines?|phones?|people|visitors?|entrants?|kiosks?|venues?|users?|batches|codes?|digits?|characters?|items?|IDs?|arrivals?|tallies|tally|metres?|meters?)\b/i;

interface Schema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
}

interface Problem {
  where: string;
  problem: 'no description' | 'numeric without a unit';
}

function isNumeric(s: Schema): boolean {
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.includes('integer') || types.includes('number')) return true;
  return [...(s.anyOf ?? []), ...(s.oneOf ?? [])].some(isNumeric);
}

function walk(s: Schema | undefined, where: string, resolve: (ref: string) => Schema, out: Problem[], seen = new Set<Schema>()): void {
  if (!s || seen.has(s)) return;
  seen.add(s);
  if (s.$ref) return walk(resolve(s.$ref), where, resolve, out, seen);
  for (const [name, prop0] of Object.entries(s.properties ?? {})) {
    const prop = prop0.$ref ? { ...resolve(prop0.$ref), ...prop0 } : prop0;
    const at = `${where}.${name}`;
    const d = prop.description?.trim() ?? '';
    if (d === '') out.push({ where: at, problem: 'no description' });
    else if (isNumeric(prop) && !UNIT.test(d)) out.push({ where: at, problem: 'numeric without a unit' });
    walk(prop, at, resolve, out, seen);
  }
  if (s.items) walk(s.items, `${where}[]`, resolve, out, seen);
  for (const sub of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(sub, where, resolve, out, seen);
}

interface OpenApiDoc {
  paths: Record<string, Record<string, {
    parameters?: { name: string; in: string; description?: string; schema?: Schema }[];
    requestBody?: { content?: Record<string, { schema?: Schema }> };
    responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  }>>;
  components?: { schemas?: Record<string, Schema> };
}

export function undocumentedFields(doc: OpenApiDoc): Problem[] {
  const resolve = (ref: string): Schema => {
    const name = ref.split('/').pop() ?? '';
    const found = doc.components?.schemas?.[name];
    if (!found) throw new Error(`unresolved $ref ${ref}`);
    return found;
  };
  const out: Problem[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const route = `${method.toUpperCase()} ${path}`;
      for (const p of op.parameters ?? []) {
        if (p.in === 'header') continue;
        const d = (p.description ?? p.schema?.description ?? '').trim();
        const at = `${route} ${p.in} ${p.name}`;
        if (d === '') out.push({ where: at, problem: 'no description' });
        else if (p.schema && isNumeric(p.schema) && !UNIT.test(d)) out.push({ where: at, problem: 'numeric without a unit' });
      }
      for (const [type, c] of Object.entries(op.requestBody?.content ?? {})) walk(c.schema, `${route} body(${type})`, resolve, out);
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        for (const c of Object.values(r.content ?? {})) walk(c.schema, `${route} ${status}`, resolve, out);
      }
    }
  }
  return out;
}

describe('OpenAPI descriptions', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('sqlite');
  });
  afterAll(async () => {
    await s.close();
  });

  it('describes every field of every route, with a unit on every number', async () => {
    const doc = (await s.app.inject({ method: 'GET', url: '/openapi.json' })).json() as OpenApiDoc;
    expect(Object.keys(doc.paths).length).toBeGreaterThan(30);
    const problems = undocumentedFields(doc);
    // One line per field, to be read when it fails.
    expect(problems.map((p) => `${p.where}: ${p.problem}`)).toEqual([]);
  });

  it('catches a field without a description and a number without a unit', () => {
    const doc: OpenApiDoc = {
      paths: {
        '/x': {
          get: {
            parameters: [{ name: 'limit', in: 'query', description: 'how many', schema: { type: 'integer' } }],
            responses: {
              200: {
                content: {
                  'application/json': {
                    schema: {
                      type: 'object',
                      properties: {
                        a: { type: 'string' },
                        b: { type: 'integer', description: 'when it happened' },
                        c: { anyOf: [{ type: 'integer' }, { type: 'null' }], description: 'when, Unix ms' },
                        d: { type: 'array', description: 'rows', items: { type: 'object', properties: { e: { type: 'number' } } } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    expect(undocumentedFields(doc)).toEqual([
      { where: 'GET /x query limit', problem: 'numeric without a unit' },
      { where: 'GET /x 200.a', problem: 'no description' },
      { where: 'GET /x 200.b', problem: 'numeric without a unit' },
      { where: 'GET /x 200.d[].e', problem: 'no description' },
    ]);
  });
});
