import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { CoreStatus, LiveEvent } from '../../../../shared/api/core-api.js';
import { buildApiServer, type CoreFacade } from '../../../../src-main/core/http/api-server.js';
import { sampleStatus } from '../../../fixtures/core-status.js';

const status = (): CoreStatus => sampleStatus({ venue_name: 'Quán', here_now: { bluezone: 2, bluezone_android: 1, bluezone_ios: 1, gaen: 0 } });

class FakeCore implements CoreFacade {
  tallies: [string, number][] = [];
  listeners = new Set<(e: LiveEvent) => void>();
  status = status;
  addTally(kind: string, delta: number) {
    this.tallies.push([kind, delta]);
  }
  onLiveEvent(l: (e: LiveEvent) => void) {
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
    expect(res.json()).toMatchObject({ venue_name: 'Quán', here_now: { bluezone: 2 } });
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
