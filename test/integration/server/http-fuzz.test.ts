// Fuzzing of every route the key server registers — enumerated from the built app, so a
// route added later is fuzzed without editing this file. Each route gets bodies, queries
// and path parameters generated from its own schema (mostly valid, often mutated), path
// parameters that name real venues, cases and exposures, and every kind of caller (anonymous,
// each role, a signed kiosk). The server must never answer 5xx, every error must carry a
// stable snake_case code, and it must still be healthy afterwards.
import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BACKENDS } from './helpers/backends.js';
import { createUser, createVenue, emptyBatch, enrollKiosk, signedHeaders, signedInject, startTestServer, bearer, type TestKiosk, type TestServer } from './helpers/test-server.js';
import { registeredRoutes, type JsonSchema, type RegisteredRoute } from '../../fixtures/route-recorder.js';
import { requestValueArb, toQueryString, validArb } from '../../fixtures/schema-arbitrary.js';
import { sha256Hex } from '../../../src-server/auth/tokens.js';

vi.mock('fastify', async (importOriginal) => (await import('../../fixtures/route-recorder.js')).recordingFastify(await importOriginal()));

const RUNS_PER_ROUTE: Record<string, number> = { sqlite: 20, postgres: 10 };
const KEY_A = '4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084';
const T0 = 1596844800;
const S0 = (T0 * 1000) / 900_000;
/** The slot-23 ID of KEY_A (docs/protocol.md §6): an encounter that makes an exposure. */
const ID_23 = 'B9A665D754FE65E665D76A45';
const CALLERS = ['anon', 'admin', 'health_official', 'ict_officer', 'venue_manager', 'kiosk'] as const;
type Caller = (typeof CALLERS)[number];

interface FuzzRequest {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
  readonly caller: Caller;
}

describe.each(BACKENDS)('HTTP fuzzing of every key-server route on %s', (backend) => {
  let s: TestServer;
  let kiosk: TestKiosk;
  const userIds = new Map<Caller, string>();
  /** Real identifiers, so fuzzed requests also reach handlers past their lookups. */
  const known: string[] = [];

  beforeAll(async () => {
    s = await startTestServer(backend);
    s.clock.now = Date.UTC(2020, 7, 9, 12);
    const venue = await createVenue(s, 'Quán Cà Phê Hoa Sen');
    kiosk = await enrollKiosk(s, venue);
    const official = await createUser(s, 'cdc', 'health_official', { province: 'Hà Nội' });
    await createUser(s, 'admin', 'admin');
    await createUser(s, 'ict', 'ict_officer', { province: 'Hà Nội' });
    await createUser(s, 'manager', 'venue_manager', { venueIds: [venue] });
    for (const [caller, name] of [['admin', 'admin'], ['health_official', 'cdc'], ['ict_officer', 'ict'], ['venue_manager', 'manager']] as const) {
      userIds.set(caller, (await s.app.services.users.findByUsername(name))!.id);
    }
    const enc = { visitor_id: ID_23, protocol: 'bluezone_android' as const, slot: S0 + 23, first_seen_min: (S0 + 23) * 15 + 2, last_seen_min: (S0 + 23) * 15 + 9, distance: 'near' as const, checked_in: true };
    const up = await signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', { ...emptyBatch(randomUUID(), s.clock.now), encounters: [enc], slot_keys: [{ slot: S0 + 23, key: 'AB'.repeat(32) }] });
    expect(up.statusCode, up.body).toBe(200);
    const f0 = await s.app.inject({ method: 'POST', url: '/v1/f0-cases', headers: bearer(official), payload: { reference: 'F0-1', province: 'Hà Nội', infectious_from_s: T0, infectious_to_s: T0 + 86_399, info_f: { daily_key: KEY_A, time_start: T0 } } });
    expect(f0.statusCode, f0.body).toBe(201);
    const intake = f0.json() as { case: { id: string }; exposures: { id: string }[] };
    const caseId = intake.case.id;
    const exposureIds = intake.exposures.map((e) => e.id);
    expect(exposureIds.length, f0.body).toBeGreaterThan(0);
    known.push(venue, kiosk.id, caseId, ...exposureIds, ...userIds.values());
  });
  afterAll(async () => s.close());

  function paramNames(route: RegisteredRoute): string[] {
    return [...route.url.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
  }

  function requestArb(route: RegisteredRoute): fc.Arbitrary<FuzzRequest> {
    const paramProps = (route.schema.params?.['properties'] ?? {}) as Record<string, JsonSchema>;
    const params = paramNames(route).map((name) =>
      fc.oneof(fc.constantFrom(...known), validArb(paramProps[name]).map(String), fc.string({ maxLength: 40 }), fc.constantFrom('..', '%00', 'null', '0', '-1')).map((v) => [name, v] as const),
    );
    const hasBody = route.schema.body !== undefined;
    return fc.record({
      params: fc.tuple(...params),
      query: route.schema.querystring === undefined ? fc.oneof(fc.constant(undefined), fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 2 })) : requestValueArb(route.schema.querystring),
      body: hasBody ? requestValueArb(route.schema.body) : fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 })),
      caller: fc.constantFrom(...CALLERS),
    }).map(({ params: values, query, body, caller }) => {
      let path = route.url;
      for (const [name, v] of values) path = path.replace(`:${name}`, encodeURIComponent(v));
      return { method: route.method, url: path + toQueryString(query), body, caller };
    });
  }

  /** A fresh session per request: a fuzzed logout must not end the callers of later requests. */
  async function headersFor(req: FuzzRequest, raw: string): Promise<Record<string, string>> {
    if (req.caller === 'kiosk') return signedHeaders(kiosk, req.method, req.url, raw, s.clock.now);
    const json: Record<string, string> = raw === '' ? {} : { 'content-type': 'application/json' };
    if (req.caller === 'anon') return json;
    const token = randomBytes(32).toString('base64url');
    await s.app.services.users.createSession(sha256Hex(token), userIds.get(req.caller)!, s.clock.now, s.clock.now + 3_600_000);
    return { ...json, ...bearer(token) };
  }

  /**
   * Every caller with every real identifier in the path and a schema-valid body: random
   * choice alone rarely pairs the right role with the right kind of ID, which is what it
   * takes to reach a handler's body.
   */
  function sweep(route: RegisteredRoute): FuzzRequest[] {
    const names = paramNames(route);
    const ids = names.length === 0 ? [null] : known;
    const out: FuzzRequest[] = [];
    for (const caller of CALLERS.filter((c) => c !== 'anon')) {
      for (const id of ids) {
        let path = route.url;
        for (const name of names) path = path.replace(`:${name}`, encodeURIComponent(id!));
        const [query] = fc.sample(validArb(route.schema.querystring ?? { type: 'object', properties: {} }), 1);
        const [body] = route.schema.body === undefined ? [undefined] : fc.sample(validArb(route.schema.body), 1);
        out.push({ method: route.method, url: path + toQueryString(query), body, caller });
      }
    }
    return out;
  }

  async function send(req: FuzzRequest): Promise<number> {
    const raw = req.body === undefined || req.method === 'GET' ? '' : JSON.stringify(req.body);
    s.clock.now += 1;
    const r = await s.app.inject({ method: req.method as 'GET', url: req.url, headers: await headersFor(req, raw), ...(raw === '' ? {} : { payload: raw }) });
    // A deliberate, coded 503 (e.g. console_not_built on a server without the built console)
    // is an answer; any other 5xx is a crash.
    const unavailable = r.statusCode === 503 && (r.json() as { error?: { code?: string } }).error?.code !== 'internal_error';
    if (!unavailable) expect(r.statusCode, `${req.caller} ${req.method} ${req.url} ${raw.slice(0, 200)} → ${r.body.slice(0, 300)}`).toBeLessThan(500);
    if (r.statusCode >= 400) expect((r.json() as { error: { code: string } }).error.code, `${req.method} ${req.url}`).toMatch(/^[a-z][a-z0-9_]*$/);
    return r.statusCode;
  }

  it('never answers 5xx, whatever the body, query, path or caller, and every error has a code', async () => {
    const routes = registeredRoutes(s.app);
    expect(routes.length).toBeGreaterThanOrEqual(30);
    const summary: string[] = [];
    let requests = 0;
    let pastValidation = 0;
    for (const route of routes) {
      const statuses = new Map<number, number>();
      const count = (status: number) => {
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        requests += 1;
        if (status !== 400) pastValidation += 1;
      };
      for (const req of sweep(route)) count(await send(req));
      await fc.assert(
        fc.asyncProperty(requestArb(route), async (req) => count(await send(req))),
        { numRuns: RUNS_PER_ROUTE[backend] ?? 10 },
      );
      summary.push(`${route.method} ${route.url}: ${[...statuses].sort(([a], [b]) => a - b).map(([c, n]) => `${c}×${n}`).join(' ')}`);
    }
    process.stdout.write(`[http fuzz ${backend}] ${routes.length} routes, ${requests} requests, ${pastValidation} past validation\n  ${summary.join('\n  ')}\n`);
    // Most requests must get past schema validation, or only the 400 path is fuzzed.
    expect(pastValidation / requests).toBeGreaterThanOrEqual(0.4);
    expect((await s.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  }, 600_000);
});
