// Every route × every role × in/out of scope, plus unauthenticated and kiosk-signed callers.
// Out-of-scope reads answer 404 (existence not revealed); wrong roles 403; no session 401.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './helpers/backends.js';
import { bearer, createUser, createVenue, emptyBatch, enrollKiosk, signedHeaders, signedInject, startTestServer, type TestKiosk, type TestServer } from './helpers/test-server.js';

const KEY_A = '4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084';
const T0 = 1596844800;
const S0 = (T0 * 1000) / 900_000;

type Actor = 'anon' | 'kiosk' | 'admin' | 'ho_in' | 'ho_out' | 'ict_in' | 'ict_out' | 'vm_in' | 'vm_out';
const ACTORS: Actor[] = ['anon', 'kiosk', 'admin', 'ho_in', 'ho_out', 'ict_in', 'ict_out', 'vm_in', 'vm_out'];
type Outcome = 'ok' | 401 | 403 | 404;

interface RouteCase {
  name: string;
  method: 'GET' | 'POST';
  url: () => string;
  body?: (actor: Actor) => unknown;
  /** Outcome per actor; anon and kiosk default to 401. */
  expect: Partial<Record<Actor, Outcome>>;
}

describe.each(BACKENDS)('authorization matrix on %s', (backend) => {
  let s: TestServer;
  const tokens = {} as Record<Actor, string>;
  let v1: string;
  let kiosk: TestKiosk;
  let caseId: string;
  let exposureId: string;
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
  });
  afterAll(async () => s.close());

  const ALL_USERS: Partial<Record<Actor, Outcome>> = { admin: 'ok', ho_in: 'ok', ho_out: 'ok', ict_in: 'ok', ict_out: 'ok', vm_in: 'ok', vm_out: 'ok' };
  const ONLY = (allowed: Partial<Record<Actor, Outcome>>): Partial<Record<Actor, Outcome>> => ({
    admin: 403, ho_in: 403, ho_out: 403, ict_in: 403, ict_out: 403, vm_in: 403, vm_out: 403, ...allowed,
  });
  const day = '2020-08-08';

  const routes: RouteCase[] = [
    { name: 'me', method: 'GET', url: () => '/v1/auth/me', expect: ALL_USERS },
    { name: 'list venues', method: 'GET', url: () => '/v1/venues', expect: ALL_USERS },
    { name: 'create venue', method: 'POST', url: () => '/v1/venues', body: () => ({ name: `V${n++}`, kind: 'school', province: 'Hà Nội', district: 'Ba Đình', ward: 'Kim Mã' }), expect: ONLY({ admin: 'ok' }) },
    { name: 'get venue', method: 'GET', url: () => `/v1/venues/${v1}`, expect: { ...ALL_USERS, ho_out: 404, ict_out: 404, vm_out: 404 } },
    { name: 'enrollment code', method: 'POST', url: () => `/v1/venues/${v1}/enrollment-codes`, body: () => ({ ttl_hours: 2 }), expect: ONLY({ admin: 'ok' }) },
    { name: 'venue encounters', method: 'GET', url: () => `/v1/venues/${v1}/encounters?day=${day}`, expect: ONLY({ admin: 'ok', ho_in: 'ok', ho_out: 404, vm_in: 'ok', vm_out: 404 }) },
    { name: 'venue attendance', method: 'GET', url: () => `/v1/venues/${v1}/attendance?from=${day}&to=${day}`, expect: { ...ALL_USERS, ho_out: 404, ict_out: 404, vm_out: 404 } },
    {
      name: 'create F0 case',
      method: 'POST',
      url: () => '/v1/f0-cases',
      body: () => ({ reference: `R${n++}`, province: 'Hà Nội', infectious_from_s: T0, infectious_to_s: T0 + 3600, info_f: { daily_key: KEY_A, time_start: T0 } }),
      expect: ONLY({ ho_in: 'ok' }),
    },
    { name: 'list F0 cases', method: 'GET', url: () => '/v1/f0-cases', expect: ONLY({ admin: 'ok', ho_in: 'ok', ho_out: 'ok' }) },
    { name: 'get F0 case', method: 'GET', url: () => `/v1/f0-cases/${caseId}`, expect: ONLY({ admin: 'ok', ho_in: 'ok', ho_out: 404 }) },
    { name: 'add F0 data', method: 'POST', url: () => `/v1/f0-cases/${caseId}/data`, body: () => ({ info_f: { daily_key: KEY_A, time_start: T0 } }), expect: ONLY({ ho_in: 'ok', ho_out: 404 }) },
    { name: 'case exposures', method: 'GET', url: () => `/v1/f0-cases/${caseId}/exposures`, expect: ONLY({ admin: 'ok', ho_in: 'ok', ho_out: 404 }) },
    { name: 'list exposures', method: 'GET', url: () => '/v1/exposures', expect: ONLY({ admin: 'ok', ho_in: 'ok', ho_out: 'ok' }) },
    { name: 'export exposures', method: 'GET', url: () => '/v1/exposures/export.csv', expect: ONLY({ admin: 'ok', ho_in: 'ok', ho_out: 'ok' }) },
    { name: 'get exposure', method: 'GET', url: () => `/v1/exposures/${exposureId}`, expect: ONLY({ admin: 'ok', ho_in: 'ok', ho_out: 404 }) },
    { name: 'notify visitors', method: 'POST', url: () => `/v1/exposures/${exposureId}/notify-visitors`, expect: ONLY({ ho_in: 'ok', ho_out: 404 }) },
    { name: 'notify venue', method: 'POST', url: () => `/v1/exposures/${exposureId}/notify-venue`, expect: ONLY({ ho_in: 'ok', ho_out: 404 }) },
    { name: 'install rate (venue level)', method: 'GET', url: () => '/v1/stats/install-rate?level=venue', expect: ALL_USERS },
    { name: 'install rate (district level)', method: 'GET', url: () => '/v1/stats/install-rate?level=district', expect: { ...ALL_USERS, vm_in: 403, vm_out: 403 } },
    { name: 'fleet', method: 'GET', url: () => '/v1/fleet', expect: ONLY({ admin: 'ok', ict_in: 'ok', ict_out: 'ok', vm_in: 'ok', vm_out: 'ok' }) },
    { name: 'audit', method: 'GET', url: () => '/v1/audit', expect: ONLY({ admin: 'ok' }) },
    { name: 'list users', method: 'GET', url: () => '/v1/users', expect: ONLY({ admin: 'ok' }) },
    { name: 'create user', method: 'POST', url: () => '/v1/users', body: () => ({ username: `u${n++}`, password: 'long-enough-pw', role: 'ict_officer', province: 'Hà Nội' }), expect: ONLY({ admin: 'ok' }) },
    // last: closing makes later notifications 409
    { name: 'close exposure', method: 'POST', url: () => `/v1/exposures/${exposureId}/close`, expect: ONLY({ ho_in: 'ok', ho_out: 404 }) },
  ];

  for (const route of routes) {
    it(`${route.method} ${route.name}`, async () => {
      for (const actor of ACTORS) {
        const want = route.expect[actor] ?? 401;
        const url = route.url();
        const raw = route.body ? JSON.stringify(route.body(actor)) : '';
        let headers: Record<string, string> = raw ? { 'content-type': 'application/json' } : {};
        if (actor === 'kiosk') headers = signedHeaders(kiosk, route.method, url, raw, s.clock.now + n++);
        else if (actor !== 'anon') headers = { ...headers, ...bearer(tokens[actor]) };
        const r = await s.app.inject({ method: route.method, url, headers, ...(raw ? { payload: raw } : {}) });
        const got = r.statusCode;
        if (want === 'ok') expect(got >= 200 && got < 300, `${actor} → ${got} ${r.body.slice(0, 200)}`).toBe(true);
        else {
          expect(got, `${actor}: ${r.body.slice(0, 200)}`).toBe(want);
          expect(r.json().error.code).toMatch(/^[a-z_]+$/);
        }
      }
    });
  }

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

  it('kiosk routes refuse user sessions and unsigned calls; public routes need nothing', async () => {
    for (const url of ['/v1/kiosk/notices']) {
      const r = await s.app.inject({ method: 'GET', url, headers: bearer(tokens.admin) });
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('signature_missing');
    }
    const r = await s.app.inject({ method: 'POST', url: '/v1/kiosk/batches', headers: bearer(tokens.admin), payload: emptyBatch(randomUUID(), s.clock.now) });
    expect(r.json().error.code).toBe('signature_missing');
    for (const url of ['/healthz', '/openapi.json', '/v1/feed/index.json', '/v1/feed/keys.json']) {
      expect((await s.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    const bad = await s.app.inject({ method: 'GET', url: '/v1/venues', headers: { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    expect(bad.json().error.code).toBe('session_expired');
    const malformed = await s.app.inject({ method: 'GET', url: '/v1/venues', headers: { authorization: 'Basic abc' } });
    expect(malformed.json().error.code).toBe('unauthenticated');
  });
});
