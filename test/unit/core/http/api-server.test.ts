import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApiServer, type CoreEvent, type CoreFacade, type CoreSnapshot } from '../../../../src-main/core/http/api-server.js';
import { StaffAuth } from '../../../../src-main/core/http/staff-auth.js';
import { sampleStatus } from '../../../fixtures/core-status.js';

const status = (): CoreSnapshot => {
  const { staff: _staff, ...snapshot } = sampleStatus({
    venue_name: 'Quán',
    here_now: { bluezone: 2, bluezone_android: 1, bluezone_ios: 1, gaen: 0 },
    upload: { enrolled: true, queue_depth: 3, last_success_at: 5, last_error: 'server_unreachable' },
    alerts: [{ code: 'exposure_notice', since: 10, detail: '2026-11-20 09:00–10:30' }],
  });
  return snapshot;
};

class FakeCore implements CoreFacade {
  tallies: [string, number][] = [];
  listeners = new Set<(e: CoreEvent) => void>();
  status = status;
  acks: string[] = [];
  addTally(kind: string, delta: number) {
    this.tallies.push([kind, delta]);
  }
  acknowledgeNotice(id: string) {
    if (id !== 'n-1') return false;
    this.acks.push(id);
    return true;
  }
  onLiveEvent(l: (e: CoreEvent) => void) {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }
}

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('core API server', () => {
  it('serves status with security headers', async () => {
    app = await buildApiServer({ core: new FakeCore(), uiDir: null });
    const res = await app.inject({ url: '/api/status', headers: { host: '127.0.0.1:8787' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      venue_name: 'Quán',
      here_now: { bluezone: 2 },
      alerts: [{ code: 'exposure_notice' }],
      staff: { pin_required: false, authenticated: true },
    });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('records valid tallies and rejects bad ones with a stable code', async () => {
    const core = new FakeCore();
    app = await buildApiServer({ core, uiDir: null });
    const ok = await app.inject({ method: 'POST', url: '/api/tally', headers: { host: 'localhost' }, payload: { kind: 'no_app', delta: 1 } });
    expect(ok.statusCode).toBe(200);
    expect(core.tallies).toEqual([['no_app', 1]]);
    for (const payload of [{ kind: 'nope', delta: 1 }, { kind: 'no_app', delta: 5 }, { kind: 'no_app' }, { kind: 'no_app', delta: 1, extra: 1 }]) {
      const bad = await app.inject({ method: 'POST', url: '/api/tally', headers: { host: 'localhost' }, payload });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('invalid_request');
    }
    expect(core.tallies).toHaveLength(1);
  });

  it('refuses writes from Origin: null with 403, not 500', async () => {
    app = await buildApiServer({ core: new FakeCore(), uiDir: null });
    for (const origin of ['null', 'not a url']) {
      const res = await app.inject({ method: 'POST', url: '/api/tally', headers: { host: '127.0.0.1:8787', origin }, payload: { kind: 'no_app', delta: 1 } });
      expect(res.statusCode, origin).toBe(403);
      expect(res.json().error.code).toBe('cross_origin');
    }
  });

  it('refuses foreign Host headers (DNS rebinding) and cross-origin writes', async () => {
    const core = new FakeCore();
    app = await buildApiServer({ core, uiDir: null });
    const rebinding = await app.inject({ url: '/api/status', headers: { host: 'evil.example:8787' } });
    expect(rebinding.statusCode).toBe(421);
    const cross = await app.inject({
      method: 'POST',
      url: '/api/tally',
      headers: { host: '127.0.0.1:8787', origin: 'http://evil.example' },
      payload: { kind: 'no_app', delta: 1 },
    });
    expect(cross.statusCode).toBe(403);
    expect(core.tallies).toEqual([]);
  });

  it('streams live events to a subscriber and unsubscribes on close', async () => {
    const core = new FakeCore();
    app = await buildApiServer({ core, uiDir: null });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const ctrl = new AbortController();
    const res = await fetch(`${address}/api/events`, { signal: ctrl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: status')) text += decoder.decode((await reader.read()).value);
    for (const l of core.listeners) l({ type: 'checkin', protocol: 'bluezone_ios', at: 5 });
    while (!text.includes('event: checkin')) text += decoder.decode((await reader.read()).value);
    expect(text).toContain('"protocol":"bluezone_ios"');
    ctrl.abort();
    await new Promise((r) => setTimeout(r, 50));
    expect(core.listeners.size).toBe(0);
  });

  it('answers unknown routes with a JSON 404', async () => {
    app = await buildApiServer({ core: new FakeCore(), uiDir: null });
    const res = await app.inject({ url: '/api/nope', headers: { host: 'localhost' } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});

const HOST = { host: '127.0.0.1:8787' };

async function login(server: FastifyInstance, pin: string) {
  return server.inject({ method: 'POST', url: '/api/staff/session', headers: HOST, payload: { pin } });
}

function cookieFrom(res: { headers: Record<string, unknown> }): string {
  const set = String(res.headers['set-cookie']);
  const m = /^(bz_staff=[^;]+);/.exec(set);
  if (!m?.[1]) throw new Error(`no staff cookie in ${set}`);
  return m[1];
}

describe('core API server with a staff PIN', () => {
  const withPin = async (core = new FakeCore()) => {
    let t = 1_000_000;
    const clock = { advance: (ms: number) => (t += ms) };
    app = await buildApiServer({ core, uiDir: null, staffAuth: new StaffAuth('2468', { now: () => t }) });
    return { core, server: app, clock };
  };

  it('lets only a staff session acknowledge a venue notice, and only one the kiosk holds', async () => {
    const { core, server } = await withPin();
    const anon = await server.inject({ method: 'POST', url: '/api/notices/n-1/ack', headers: HOST });
    expect([anon.statusCode, anon.json().error.code]).toEqual([401, 'staff_session_required']);
    expect(core.acks).toEqual([]);
    const cookie = cookieFrom(await login(server, '2468'));
    const unknown = await server.inject({ method: 'POST', url: '/api/notices/n-9/ack', headers: { ...HOST, cookie } });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'notice_not_found']);
    const ok = await server.inject({ method: 'POST', url: '/api/notices/n-1/ack', headers: { ...HOST, cookie } });
    expect(ok.statusCode).toBe(200);
    expect(core.acks).toEqual(['n-1']);
  });

  it('refuses tallies without a staff session', async () => {
    const { core, server } = await withPin();
    const res = await server.inject({ method: 'POST', url: '/api/tally', headers: HOST, payload: { kind: 'no_app', delta: 1 } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('staff_session_required');
    expect(core.tallies).toEqual([]);
  });

  it('hides alerts and the upload error from visitors, shows them to staff', async () => {
    const { server } = await withPin();
    const visitor = (await server.inject({ url: '/api/status', headers: HOST })).json();
    expect(visitor.alerts).toEqual([]);
    expect(visitor.upload).toEqual({ enrolled: true, queue_depth: 3, last_success_at: 5, last_error: null });
    expect(visitor.staff).toEqual({ pin_required: true, authenticated: false });
    expect(visitor.here_now.bluezone).toBe(2);
    const res = await login(server, '2468');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ pin_required: true, authenticated: true });
    const staff = (await server.inject({ url: '/api/status', headers: { ...HOST, cookie: cookieFrom(res) } })).json();
    expect(staff.alerts).toEqual([{ code: 'exposure_notice', since: 10, detail: '2026-11-20 09:00–10:30' }]);
    expect(staff.upload.last_error).toBe('server_unreachable');
    expect(staff.staff).toEqual({ pin_required: true, authenticated: true });
    const forged = (await server.inject({ url: '/api/status', headers: { ...HOST, cookie: 'bz_staff=guess' } })).json();
    expect(forged.alerts).toEqual([]);
  });

  it('sets an HttpOnly, SameSite=Strict cookie on /api for the right PIN, and then accepts tallies', async () => {
    const { core, server } = await withPin();
    const res = await login(server, '2468');
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/^bz_staff=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/api$/);
    const tally = await server.inject({
      method: 'POST',
      url: '/api/tally',
      headers: { ...HOST, cookie: `lang=vi; ${cookieFrom(res)}` },
      payload: { kind: 'helped_install', delta: 1 },
    });
    expect(tally.statusCode).toBe(200);
    expect(core.tallies).toEqual([['helped_install', 1]]);
  });

  it('answers a wrong PIN with 401, and a try too soon after several with 429 and Retry-After', async () => {
    const { server, clock } = await withPin();
    for (let i = 0; i < 3; i++) {
      const res = await login(server, '1357');
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('pin_invalid');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const fourth = await login(server, '1357');
    expect(fourth.statusCode).toBe(401);
    expect(fourth.headers['retry-after']).toBe('2');
    const tooSoon = await login(server, '2468');
    expect(tooSoon.statusCode).toBe(429);
    expect(tooSoon.json().error.code).toBe('pin_wait');
    expect(tooSoon.headers['set-cookie']).toBeUndefined();
    clock.advance(2_000);
    expect((await login(server, '2468')).statusCode).toBe(200);
  });

  it('rejects a malformed PIN body without counting it', async () => {
    const { server } = await withPin();
    for (const payload of [{ pin: '12ab' }, { pin: 2468 }, {}, { pin: '2468', extra: 1 }, { pin: '1'.repeat(13) }]) {
      const res = await server.inject({ method: 'POST', url: '/api/staff/session', headers: HOST, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
    // Three wrong PINs are free; had the malformed bodies counted, the right one would wait.
    for (let i = 0; i < 3; i++) await login(server, '0000');
    expect((await login(server, '2468')).statusCode).toBe(200);
  });

  it('refuses a login posted from another origin', async () => {
    const { server } = await withPin();
    const res = await server.inject({
      method: 'POST',
      url: '/api/staff/session',
      headers: { ...HOST, origin: 'http://evil.example' },
      payload: { pin: '2468' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('logs out: the cookie is cleared and the session no longer works', async () => {
    const { core, server } = await withPin();
    const cookie = cookieFrom(await login(server, '2468'));
    const out = await server.inject({ method: 'DELETE', url: '/api/staff/session', headers: { ...HOST, cookie } });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    const tally = await server.inject({ method: 'POST', url: '/api/tally', headers: { ...HOST, cookie }, payload: { kind: 'no_app', delta: 1 } });
    expect(tally.statusCode).toBe(401);
    expect(core.tallies).toEqual([]);
  });

  it('ends a session after 12 h idle', async () => {
    const { server, clock } = await withPin();
    const cookie = cookieFrom(await login(server, '2468'));
    clock.advance(12 * 60 * 60_000);
    const s = (await server.inject({ url: '/api/status', headers: { ...HOST, cookie } })).json();
    expect(s.staff.authenticated).toBe(false);
  });

  it('redacts status events on a stream opened without a session, not on a staff stream', async () => {
    const { core, server } = await withPin();
    const cookie = cookieFrom(await login(server, '2468'));
    const address = await server.listen({ host: '127.0.0.1', port: 0 });
    const read = async (headers: Record<string, string>) => {
      const ctrl = new AbortController();
      const res = await fetch(`${address}/api/events`, { signal: ctrl.signal, headers });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes('event: status')) text += decoder.decode((await reader.read()).value);
      ctrl.abort();
      return text;
    };
    const visitor = await read({});
    expect(visitor).toContain('"alerts":[]');
    expect(visitor).not.toContain('exposure_notice');
    expect(visitor).not.toContain('server_unreachable');
    expect(visitor).toContain('"staff":{"pin_required":true,"authenticated":false}');
    const staff = await read({ cookie });
    expect(staff).toContain('exposure_notice');
    expect(staff).toContain('"staff":{"pin_required":true,"authenticated":true}');
    await new Promise((r) => setTimeout(r, 50));
    expect(core.listeners.size).toBe(0);
  });

  it('answers a login with 409 when no PIN is configured', async () => {
    app = await buildApiServer({ core: new FakeCore(), uiDir: null });
    const res = await login(app, '2468');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('pin_not_configured');
  });
});
