import { describe, expect, it } from 'vitest';
import {
  CoreClient,
  CoreClientError,
  openLiveStream,
  parseLiveEvent,
  type EventSourceLike,
  type FetchLike,
} from '../../../shared/api/core-client.js';
import type { CoreStatus, LiveEvent } from '../../../shared/api/core-api.js';
import { sampleStatus } from '../../fixtures/core-status.js';

const STATUS: CoreStatus = sampleStatus({
  venue_name: 'Trường THCS Nguyễn Du',
  upload: { enrolled: true, queue_depth: 2, last_success_at: null, last_error: null },
  alerts: [{ code: 'clock_unsynced', since: 1 }],
  now: 1_700_000_000_000,
});

function fetchReturning(status: number, body: unknown, calls: { url: string; init?: unknown }[] = []): FetchLike {
  return async (url, init) => {
    calls.push({ url, init });
    return { ok: status >= 200 && status < 300, status, json: async () => (body instanceof Error ? Promise.reject(body) : body) };
  };
}

async function caught(p: Promise<unknown>): Promise<CoreClientError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CoreClientError) return err;
    throw err;
  }
  throw new Error('expected a CoreClientError');
}

describe('CoreClient', () => {
  it('drives the calibration: start sends only the position, a refusal carries the core\'s code, a wrong shape is refused', async () => {
    const cal = { calibrated: false, source: 'default', near_min_rssi: -67, mid_min_rssi: -75, check_in_min_rssi: -53, calibrated_at: null, measuring: { position: 'near', started_at: 1, duration_ms: 60_000, samples: 4, median_rssi: -66 }, points: {}, last_error: null };
    const calls: { url: string; init?: unknown }[] = [];
    expect(await new CoreClient({ fetch: fetchReturning(200, cal, calls) }).calibrationStart({ position: 'near' })).toEqual(cal);
    expect(calls[0]).toMatchObject({ url: '/api/calibration/start', init: { method: 'POST', body: '{"position":"near"}' } });
    const refused = await caught(new CoreClient({ fetch: fetchReturning(422, { error: { code: 'calibration_points_too_close', message: 'x' } }) }).calibrationApply());
    expect(refused).toMatchObject({ code: 'core_http_error', status: 422, apiCode: 'calibration_points_too_close' });
    const bad = await caught(new CoreClient({ fetch: fetchReturning(200, { ...cal, measuring: { ...cal.measuring, median_rssi: 'loud' } }) }).calibration());
    expect(bad.code).toBe('core_bad_response');
  });

  it('fetches and validates the status', async () => {
    const calls: { url: string }[] = [];
    const client = new CoreClient({ fetch: fetchReturning(200, STATUS, calls), baseUrl: 'http://127.0.0.1:8787/' });
    expect(await client.status()).toEqual(STATUS);
    expect(calls[0]?.url).toBe('http://127.0.0.1:8787/api/status');
  });

  it('rejects a status that does not match the API, naming the field', async () => {
    const client = new CoreClient({ fetch: fetchReturning(200, { ...STATUS, here_now: { bluezone: -1 } }) });
    const err = await caught(client.status());
    expect(err.code).toBe('core_bad_response');
    expect(err.message).toContain('/here_now');
  });

  it('reports HTTP errors, invalid JSON and an unreachable core with distinct codes', async () => {
    expect((await caught(new CoreClient({ fetch: fetchReturning(503, {}) }).status())).code).toBe('core_http_error');
    expect((await caught(new CoreClient({ fetch: fetchReturning(200, new SyntaxError('bad')) }).status())).code).toBe('core_bad_response');
    const down: FetchLike = async () => Promise.reject(new TypeError('Failed to fetch'));
    expect((await caught(new CoreClient({ fetch: down }).status())).code).toBe('core_unreachable');
  });

  it('posts a tally as JSON', async () => {
    const calls: { url: string; init?: unknown }[] = [];
    await new CoreClient({ fetch: fetchReturning(200, {}, calls) }).tally({ kind: 'helped_install', delta: -1 });
    expect(calls[0]).toEqual({
      url: '/api/tally',
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: '{"kind":"helped_install","delta":-1}',
      },
    });
  });

  it('opens and closes a staff session, passing on the core error code', async () => {
    const calls: { url: string; init?: unknown }[] = [];
    await new CoreClient({ fetch: fetchReturning(200, { pin_required: true, authenticated: true }, calls) }).staffLogin('2468');
    await new CoreClient({ fetch: fetchReturning(200, {}, calls) }).staffLogout();
    expect(calls).toEqual([
      {
        url: '/api/staff/session',
        init: { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"pin":"2468"}' },
      },
      { url: '/api/staff/session', init: { method: 'DELETE', headers: { accept: 'application/json' } } },
    ]);
    const wrong = await caught(new CoreClient({ fetch: fetchReturning(401, { error: { code: 'pin_invalid', message: 'wrong PIN' } }) }).staffLogin('1'));
    expect(wrong).toMatchObject({ code: 'core_http_error', status: 401, apiCode: 'pin_invalid' });
    const noBody = await caught(new CoreClient({ fetch: fetchReturning(502, new SyntaxError('html')) }).staffLogin('1'));
    expect(noBody).toMatchObject({ code: 'core_http_error', status: 502, apiCode: undefined });
  });

  it('answers health as a boolean', async () => {
    expect(await new CoreClient({ fetch: fetchReturning(200, { ok: true }) }).health()).toBe(true);
    expect(await new CoreClient({ fetch: fetchReturning(500, {}) }).health()).toBe(false);
  });
});

describe('parseLiveEvent', () => {
  it('decodes each event type, with or without a repeated type field', () => {
    const here = { bluezone: 5, bluezone_android: 3, bluezone_ios: 2, gaen: 1 };
    expect(parseLiveEvent('presence', JSON.stringify({ here_now: here, at: 7 }))).toEqual({ type: 'presence', here_now: here, at: 7 });
    expect(parseLiveEvent('checkin', JSON.stringify({ type: 'checkin', protocol: 'gaen', at: 8 }))).toEqual({ type: 'checkin', protocol: 'gaen', at: 8 });
    expect(parseLiveEvent('status', JSON.stringify({ type: 'status', status: STATUS }))).toEqual({ type: 'status', status: STATUS });
    expect(parseLiveEvent('status', JSON.stringify(STATUS))).toEqual({ type: 'status', status: STATUS });
  });

  it('rejects malformed events with core_bad_response', () => {
    for (const [type, data] of [
      ['presence', '{not json'],
      ['presence', '42'],
      ['presence', JSON.stringify({ here_now: { bluezone: 1 }, at: 1 })],
      ['presence', JSON.stringify({ here_now: { bluezone: 1, bluezone_android: 1, bluezone_ios: 0, gaen: 0 } })],
      ['checkin', JSON.stringify({ protocol: 'bluetooth_mac', at: 1 })],
      ['status', JSON.stringify({ status: { venue_name: 'x' } })],
    ] as const) {
      expect(() => parseLiveEvent(type, data), `${type} ${data}`).toThrow(CoreClientError);
    }
  });
});

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  closed = false;
  readonly listeners = new Map<string, ((ev: { data?: unknown }) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (ev: { data?: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data?: unknown): void {
    for (const l of this.listeners.get(type) ?? []) l({ data });
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
}

describe('openLiveStream', () => {
  it('delivers decoded events, reports connection changes and skips bad events', () => {
    let source: FakeEventSource | undefined;
    const events: LiveEvent[] = [];
    const connection: boolean[] = [];
    const bad: string[] = [];
    const stream = openLiveStream(new CoreClient({ fetch: fetchReturning(200, {}), baseUrl: 'http://k:1' }), (url) => (source = new FakeEventSource(url)), {
      onEvent: (e) => events.push(e),
      onConnection: (open) => connection.push(open),
      onBadEvent: (e) => bad.push(e.code),
    });
    expect(source?.url).toBe('http://k:1/api/events');
    source!.emit('open');
    source!.emit('checkin', JSON.stringify({ protocol: 'bluezone_ios', at: 1 }));
    source!.emit('checkin', 'garbage');
    source!.emit('checkin', JSON.stringify({ protocol: 'bluezone_android', at: 2 }));
    source!.emit('error');
    expect(events.map((e) => e.type === 'checkin' && e.protocol)).toEqual(['bluezone_ios', 'bluezone_android']);
    expect(connection).toEqual([true, false]);
    expect(bad).toEqual(['core_bad_response']);
    expect(stream.isClosed()).toBe(false);
    source!.readyState = 2;
    expect(stream.isClosed()).toBe(true);
    stream.close();
    expect(source!.closed).toBe(true);
  });
});
