// Every registered route × every role × in/out of scope, plus unauthenticated and kiosk-signed
// callers. The routes come from the server itself (app.routeAccess, filled as routes are
// registered), and the expected answer from each route's own declaration: no session 401,
// a role it does not list 403, an out-of-scope resource 404 (existence not revealed).
// A new route without a fixture here fails the first test, so nothing escapes the matrix.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src-server/app.js';
import { loadConfig } from '../../../src-server/config.js';
import type { RegisteredRoute } from '../../../src-server/http/access.js';
import type { Role } from '../../../shared/api/server-api.js';
import { BACKENDS, createTestDatabase } from './helpers/backends.js';
import { bearer, createUser, createVenue, emptyBatch, enrollKiosk, login, signedHeaders, signedInject, startTestServer, type TestKiosk, type TestServer } from './helpers/test-server.js';

const KEY_A = '4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084';
const T0 = 1596844800;
const S0 = (T0 * 1000) / 900_000;

type Actor = 'anon' | 'kiosk' | 'admin' | 'ho_in' | 'ho_out' | 'ict_in' | 'ict_out' | 'vm_in' | 'vm_out';
const ACTORS: Actor[] = ['anon', 'kiosk', 'admin', 'ho_in', 'ho_out', 'ict_in', 'ict_out', 'vm_in', 'vm_out'];
const ROLE: Record<Exclude<Actor, 'anon' | 'kiosk'>, Role> = {
  admin: 'admin', ho_in: 'health_official', ho_out: 'health_official', ict_in: 'ict_officer', ict_out: 'ict_officer', vm_in: 'venue_manager', vm_out: 'venue_manager',
};
const OUT_OF_SCOPE: ReadonlySet<Actor> = new Set(['ho_out', 'ict_out', 'vm_out']);
type Outcome = 'ok' | 401 | 403 | 404;
const CREDENTIAL_CODES: ReadonlySet<string> = new Set(['unauthenticated', 'session_expired', 'signature_missing', 'forbidden', 'scope_missing']);

interface Fixture {
  url: () => string;
  body?: (actor: Actor) => unknown;
  /** The URL names a venue, case or exposure in Hà Nội: out-of-scope callers get 404. */
  scoped?: boolean;
  /** Answers the handler decides beyond the declaration (e.g. a query value a role may not use). */
  override?: Partial<Record<Actor, Outcome>>;
  /** Each user actor calls with a session of its own that the call may end (logout). */
  freshSession?: boolean;
  /** Runs after the others (closing an exposure makes later notifications 409). */
  last?: boolean;
}

describe.each(BACKENDS)('authorization matrix on %s', (backend) => {
  let s: TestServer;
  const tokens = {} as Record<Actor, string>;
  let v1: string;
  let kiosk: TestKiosk;
  let caseId: string;
  let exposureId: string;
  let campaignId: string;
  let noticeId: string;
  let spareUser: string;
  let spareKiosk: TestKiosk;
  let n = 0;

  beforeAll(async () => {
    s = await startTestServer(backend);
    s.clock.now = Date.UTC(2020, 7, 9, 12);
    v1 = await createVenue(s, 'Quán Cà Phê Hoa Sen');
    const vOther = await createVenue(s, 'Chợ Bến Thành', 'Hồ Chí Minh', 'Quận 1', 'Bến Thành');
    tokens.admin = await createUser(s, 'admin', 'admin');
    tokens.ho_in = await createUser(s, 'ho_in', 'health_official', { province: 'Hà Nội' });
    tokens.ho_out = await createUser(s, 'ho_out', 'health_official', { province: 'Hồ Chí Minh' });
    tokens.ict_in = await createUser(s, 'ict_in', 'ict_officer', { province: 'Hà Nội' });
    tokens.ict_out = await createUser(s, 'ict_out', 'ict_officer', { province: 'Hồ Chí Minh' });
    tokens.vm_in = await createUser(s, 'vm_in', 'venue_manager', { venueIds: [v1] });
    tokens.vm_out = await createUser(s, 'vm_out', 'venue_manager', { venueIds: [vOther] });
    kiosk = await enrollKiosk(s, v1);
    spareKiosk = await enrollKiosk(s, v1);
    await createUser(s, 'spare', 'venue_manager', { venueIds: [v1] });
    spareUser = (await s.app.services.users.findByUsername('spare'))!.id;
    const batch = {
      ...emptyBatch(randomUUID(), s.clock.now),
      encounters: [{ visitor_id: 'B9A665D754FE65E665D76A45', protocol: 'bluezone_android', slot: S0 + 23, first_seen_min: (S0 + 23) * 15, last_seen_min: (S0 + 23) * 15 + 3, distance: 'near', checked_in: false }],
      slot_keys: [{ slot: S0 + 23, key: KEY_A }],
      attendance: [{ slot: S0 + 23, bluezone_devices: 1, gaen_devices: 0, arrivals: 1, no_app: 1, helped_install: 0 }],
    };
    expect((await signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', batch)).statusCode).toBe(200);
    const c = await s.app.inject({
      method: 'POST',
      url: '/v1/f0-cases',
      headers: bearer(tokens.ho_in),
      payload: { reference: 'R', province: 'Hà Nội', infectious_from_s: T0, infectious_to_s: T0 + 86_399, info_f: { daily_key: KEY_A, time_start: T0 } },
    });
    caseId = c.json().case.id;
    exposureId = c.json().exposures[0].id;
    const camp = await s.app.inject({ method: 'POST', url: '/v1/report-campaigns', headers: bearer(tokens.ict_in), payload: campaignBody() });
    expect(camp.statusCode, camp.body).toBe(201);
    campaignId = camp.json().id;
    noticeId = (await s.app.services.lifecycle.notifyVenue((await s.app.services.exposures.get(exposureId))!)).noticeId;
  });
  // A province-wide request for the local day of the uploaded tally (2020-08-08).
  const campaignBody = () => ({ level: 'province', province: 'Hà Nội', period: 'day', date: '2020-08-08', deadline_at: Date.UTC(2020, 8, 1), issuer_unit: 'Sở Thông tin và Truyền thông Hà Nội', document_number: `${n++}/STTTT` });
  afterAll(async () => s.close());

  const day = '2020-08-08';
  const FIXTURES: Record<string, Fixture> = {
    'POST /v1/auth/login': { url: () => '/v1/auth/login', body: () => ({ username: 'admin', password: 'admin-password' }) },
    'GET /v1/auth/me': { url: () => '/v1/auth/me' },
    'POST /v1/auth/password': { url: () => '/v1/auth/password', body: (actor) => ({ current_password: `${actor}-password`, new_password: `${actor}-password` }), freshSession: true },
    'PATCH /v1/users/:id': { url: () => `/v1/users/${spareUser}`, body: () => ({ disabled: false }) },
    'POST /v1/users/:id/password': { url: () => `/v1/users/${spareUser}/password`, body: () => ({ password: 'spare-password' }) },
    'GET /v1/kiosks': { url: () => '/v1/kiosks' },
    'GET /': { url: () => '/' },
    'GET /console': { url: () => '/console' },
    'GET /console/': { url: () => '/console/' },
    'GET /assets/*': { url: () => '/assets/none.js' },
    'POST /v1/kiosks/:id/revoke': { url: () => `/v1/kiosks/${spareKiosk.id}/revoke` },
    'POST /v1/kiosk/rotate-key': { url: () => '/v1/kiosk/rotate-key', body: () => ({ public_key: kiosk.publicKeyB64 }) },
    'POST /v1/auth/logout': { url: () => '/v1/auth/logout', freshSession: true },
    'GET /v1/venues': { url: () => '/v1/venues' },
    'POST /v1/venues': { url: () => '/v1/venues', body: () => ({ name: `V${n++}`, kind: 'school', province: 'Hà Nội', district: 'Ba Đình', ward: 'Kim Mã' }) },
    'GET /v1/venues/:id': { url: () => `/v1/venues/${v1}`, scoped: true },
    'POST /v1/venues/:id/enrollment-codes': { url: () => `/v1/venues/${v1}/enrollment-codes`, body: () => ({ ttl_hours: 2 }), scoped: true },
    'GET /v1/venues/:id/encounters': { url: () => `/v1/venues/${v1}/encounters?day=${day}`, scoped: true },
    'GET /v1/venues/:id/attendance': { url: () => `/v1/venues/${v1}/attendance?from=${day}&to=${day}`, scoped: true },
    'POST /v1/f0-cases': {
      url: () => '/v1/f0-cases',
      body: () => ({ reference: `R${n++}`, province: 'Hà Nội', infectious_from_s: T0, infectious_to_s: T0 + 3600, info_f: { daily_key: KEY_A, time_start: T0 } }),
      // The body names Hà Nội: an official of another province may not file there.
      override: { ho_out: 403 },
    },
    'GET /v1/f0-cases': { url: () => '/v1/f0-cases' },
    'GET /v1/f0-cases/:id': { url: () => `/v1/f0-cases/${caseId}`, scoped: true },
    'POST /v1/f0-cases/:id/data': { url: () => `/v1/f0-cases/${caseId}/data`, body: () => ({ info_f: { daily_key: KEY_A, time_start: T0 } }), scoped: true },
    'GET /v1/f0-cases/:id/exposures': { url: () => `/v1/f0-cases/${caseId}/exposures`, scoped: true },
    'GET /v1/exposures': { url: () => '/v1/exposures' },
    'GET /v1/exposures/export.csv': { url: () => '/v1/exposures/export.csv' },
    'GET /v1/exposures/:id': { url: () => `/v1/exposures/${exposureId}`, scoped: true },
    'POST /v1/exposures/:id/notify-visitors': { url: () => `/v1/exposures/${exposureId}/notify-visitors`, scoped: true },
    'POST /v1/exposures/:id/notify-venue': { url: () => `/v1/exposures/${exposureId}/notify-venue`, scoped: true },
    'POST /v1/exposures/:id/close': { url: () => `/v1/exposures/${exposureId}/close`, scoped: true, last: true },
    'GET /v1/stats/install-rate': { url: () => '/v1/stats/install-rate?level=district', override: { vm_in: 403, vm_out: 403 } },
    'GET /v1/fleet': { url: () => '/v1/fleet' },
    'GET /v1/audit': { url: () => '/v1/audit' },
    'GET /v1/users': { url: () => '/v1/users' },
    'POST /v1/users': { url: () => '/v1/users', body: () => ({ username: `user${n++}`, password: 'long-enough-pw', role: 'ict_officer', province: 'Hà Nội' }) },
    'POST /v1/kiosk/batches': { url: () => '/v1/kiosk/batches', body: () => emptyBatch(randomUUID(), s.clock.now) },
    'GET /v1/kiosk/notices': { url: () => '/v1/kiosk/notices' },
    'POST /v1/kiosk/notices/:id/ack': { url: () => `/v1/kiosk/notices/${noticeId}/ack`, body: () => ({ acknowledged_at: s.clock.now }) },
    'POST /v1/kiosk/enroll': { url: () => '/v1/kiosk/enroll', body: () => ({ code: 'AAAA-BBBB-CCCC-DDDD', public_key: 'A'.repeat(43) + '=', version: '1' }) },
    'GET /v1/venues/:id/report': { url: () => `/v1/venues/${v1}/report?period=day&date=${day}`, scoped: true },
    'GET /v1/venues/:id/report.csv': { url: () => `/v1/venues/${v1}/report.csv?period=day&date=${day}`, scoped: true },
    'GET /v1/venues/:id/report.pdf': { url: () => `/v1/venues/${v1}/report.pdf?period=day&date=${day}`, scoped: true },
    'GET /v1/venues/:id/staff-figures': { url: () => `/v1/venues/${v1}/staff-figures`, scoped: true },
    'POST /v1/venues/:id/staff-figures': { url: () => `/v1/venues/${v1}/staff-figures`, body: () => ({ staff_smartphone: 4, staff_bluezone: 3 }), scoped: true },
    // The body names Hà Nội: an ICT officer of another province may not issue there.
    'POST /v1/report-campaigns': { url: () => '/v1/report-campaigns', body: campaignBody, override: { ict_out: 403 } },
    'GET /v1/report-campaigns': { url: () => '/v1/report-campaigns' },
    'GET /v1/report-campaigns/:id': { url: () => `/v1/report-campaigns/${campaignId}`, scoped: true },
    'GET /v1/report-campaigns/:id/report.csv': { url: () => `/v1/report-campaigns/${campaignId}/report.csv`, scoped: true },
    'GET /v1/report-campaigns/:id/report.pdf': { url: () => `/v1/report-campaigns/${campaignId}/report.pdf`, scoped: true },
    'GET /v1/report-campaigns/:id/venues/:venueId': { url: () => `/v1/report-campaigns/${campaignId}/venues/${v1}`, scoped: true },
    'GET /v1/report-campaigns/:id/venues/:venueId/report.pdf': { url: () => `/v1/report-campaigns/${campaignId}/venues/${v1}/report.pdf`, scoped: true },
    'GET /v1/report-campaigns/:id/venues/:venueId/report.csv': { url: () => `/v1/report-campaigns/${campaignId}/venues/${v1}/report.csv`, scoped: true },
    'POST /v1/report-campaigns/:id/venues/:venueId/submissions': { url: () => `/v1/report-campaigns/${campaignId}/venues/${v1}/submissions`, body: () => ({ staff_smartphone: 3, staff_bluezone: 2 }), scoped: true },
    'GET /v1/kiosk/report-requests': { url: () => '/v1/kiosk/report-requests' },
    'GET /healthz': { url: () => '/healthz' },
    'GET /openapi.json': { url: () => '/openapi.json' },
    'GET /v1/feed/index.json': { url: () => '/v1/feed/index.json' },
    'GET /v1/feed/keys.json': { url: () => '/v1/feed/keys.json' },
    'GET /v1/feed/:file': { url: () => '/v1/feed/abc-0000abcd.json' },
    'GET /v1/areas': { url: () => '/v1/areas' },
    'PATCH /v1/venues/:id': { url: () => `/v1/venues/${v1}`, body: () => ({ kind: 'restaurant' }) },
    'POST /v1/admin/feed-keys/rotate': { url: () => '/v1/admin/feed-keys/rotate' },
  };

  const keyOf = (r: RegisteredRoute) => `${r.method} ${r.url}`;
  const routes = () => s.app.routeAccess.filter((r) => r.method !== 'HEAD');

  function expected(route: RegisteredRoute, fx: Fixture, actor: Actor): Outcome {
    const a = route.access;
    const override = fx.override?.[actor];
    if (override !== undefined) return override;
    if (a.kind === 'public') return 'ok';
    if (a.kind === 'kiosk') return actor === 'kiosk' ? 'ok' : 401;
    if (actor === 'anon' || actor === 'kiosk') return 401;
    if (!a.roles.includes(ROLE[actor])) return 403;
    if (a.scope === 'area' && fx.scoped && OUT_OF_SCOPE.has(actor)) return 404;
    return 'ok';
  }

  async function call(route: RegisteredRoute, fx: Fixture, actor: Actor) {
    const url = fx.url();
    const raw = fx.body ? JSON.stringify(fx.body(actor)) : '';
    let headers: Record<string, string> = raw ? { 'content-type': 'application/json' } : {};
    if (actor === 'kiosk') headers = signedHeaders(kiosk, route.method, url, raw, s.clock.now + n++);
    else if (actor !== 'anon') {
      const token = fx.freshSession ? await login(s, actor, `${actor}-password`) : tokens[actor];
      headers = { ...headers, ...bearer(token) };
    }
    const r = await s.app.inject({ method: route.method as 'GET' | 'POST' | 'PATCH', url, headers, ...(raw ? { payload: raw } : {}) });
    if (fx.freshSession && actor !== 'anon' && actor !== 'kiosk') tokens[actor] = await login(s, actor, `${actor}-password`);
    return r;
  }

  it('every registered route declares its access and has a fixture here', () => {
    const keys = routes().map(keyOf);
    expect(keys.length).toBeGreaterThan(25);
    expect(keys.filter((k) => !(k in FIXTURES)), 'routes without a matrix fixture').toEqual([]);
    expect(Object.keys(FIXTURES).filter((k) => !keys.includes(k)), 'fixtures of routes that no longer exist').toEqual([]);
  });

  it('answers every route × caller as the route declares', async () => {
    const ordered = [...routes()].sort((a, b) => Number(FIXTURES[keyOf(a)]?.last ?? false) - Number(FIXTURES[keyOf(b)]?.last ?? false));
    const failures: string[] = [];
    for (const route of ordered) {
      const fx = FIXTURES[keyOf(route)];
      if (!fx) continue;
      if (route.access.kind === 'public') {
        // Public routes: whatever they answer, it is never a demand for credentials.
        const r = await call(route, fx, 'anon');
        const code = r.statusCode >= 400 ? String(r.json().error?.code) : '';
        if (CREDENTIAL_CODES.has(code)) failures.push(`${keyOf(route)} anon → ${r.statusCode} ${code}`);
        continue;
      }
      for (const actor of ACTORS) {
        const want = expected(route, fx, actor);
        const r = await call(route, fx, actor);
        const got = r.statusCode;
        const ok = want === 'ok' ? got >= 200 && got < 300 : got === want && /^[a-z_]+$/.test(String(r.json().error?.code));
        if (!ok) failures.push(`${keyOf(route)} ${actor}: want ${want}, got ${got} ${r.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('venue managers see only their venues; officials only their province', async () => {
    const vm = await s.app.inject({ method: 'GET', url: '/v1/venues', headers: bearer(tokens.vm_in) });
    expect(vm.json().venues.map((v: { id: string }) => v.id)).toEqual([v1]);
    const hoOut = await s.app.inject({ method: 'GET', url: '/v1/venues', headers: bearer(tokens.ho_out) });
    expect(hoOut.json().venues.every((v: { province: string }) => v.province === 'Hồ Chí Minh')).toBe(true);
    const cross = await s.app.inject({ method: 'GET', url: '/v1/venues?province=H%C3%A0%20N%E1%BB%99i', headers: bearer(tokens.ict_out) });
    expect(cross.statusCode).toBe(403);
    const exp = await s.app.inject({ method: 'GET', url: '/v1/exposures', headers: bearer(tokens.ho_out) });
    expect(exp.json().exposures).toEqual([]);
  });

  it('kiosk routes refuse user sessions and unsigned calls; bad sessions are told apart', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/v1/kiosk/notices', headers: bearer(tokens.admin) });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('signature_missing');
    const b = await s.app.inject({ method: 'POST', url: '/v1/kiosk/batches', headers: bearer(tokens.admin), payload: emptyBatch(randomUUID(), s.clock.now) });
    expect(b.json().error.code).toBe('signature_missing');
    const bad = await s.app.inject({ method: 'GET', url: '/v1/venues', headers: { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    expect(bad.json().error.code).toBe('session_expired');
    const malformed = await s.app.inject({ method: 'GET', url: '/v1/venues', headers: { authorization: 'Basic abc' } });
    expect(malformed.json().error.code).toBe('unauthenticated');
  });

  it('refuses to start when a route declares no access', async () => {
    const db = await createTestDatabase(backend);
    try {
      const app = await buildApp({ config: loadConfig({ BZ_SERVER_DATA_DIR: ':memory:' }), database: db.handle, logger: false });
      const start = async () => {
        await app.register(async (child) => {
          child.get('/v1/undeclared', async () => ({ ok: true }));
        });
        await app.ready();
      };
      await expect(start()).rejects.toThrow(/GET \/v1\/undeclared declares no access/);
      await app.close().catch(() => undefined);
    } finally {
      await db.drop();
    }
  });
});
