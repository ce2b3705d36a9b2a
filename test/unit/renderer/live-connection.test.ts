import { describe, expect, it } from 'vitest';
import { CoreClient, type EventSourceLike, type FetchLike } from '../../../shared/api/core-client.js';
import { sampleStatus } from '../../fixtures/core-status.js';
import type { CoreStatus } from '../../../shared/api/core-api.js';
import { startLiveConnection } from '../../../src-renderer/live/live-connection.js';
import { INITIAL_LIVE_STATE, liveReducer, type LiveAction, type LiveState } from '../../../src-renderer/live/live-state.js';

function status(bluezone: number, now: number): CoreStatus {
  return sampleStatus({
    venue_name: 'Bệnh viện Bạch Mai',
    here_now: { bluezone, bluezone_android: bluezone, bluezone_ios: 0, gaen: 0 },
    upload: { enrolled: true, queue_depth: 0, last_success_at: null, last_error: null },
    now,
  });
}

class FakeSource implements EventSourceLike {
  readyState = 0;
  readonly listeners = new Map<string, ((ev: { data?: unknown }) => void)[]>();
  addEventListener(type: string, listener: (ev: { data?: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data?: unknown): void {
    for (const l of this.listeners.get(type) ?? []) l({ data });
  }
  close(): void {
    this.readyState = 2;
  }
}

function harness() {
  let state: LiveState = INITIAL_LIVE_STATE;
  const actions: LiveAction[] = [];
  const timers = new Map<number, { fn: () => void; ms: number }>();
  let nextTimer = 1;
  const sources: FakeSource[] = [];
  const core = { status: status(1, 1000), up: true, polls: 0 };
  const fetch: FetchLike = async () => {
    core.polls += 1;
    if (!core.up) throw new TypeError('connection refused');
    return { ok: true, status: 200, json: async () => core.status };
  };
  const stop = startLiveConnection({
    client: new CoreClient({ fetch }),
    createEventSource: () => {
      const s = new FakeSource();
      sources.push(s);
      return s;
    },
    dispatch: (a) => {
      actions.push(a);
      state = liveReducer(state, a);
    },
    timers: {
      setTimeout: (fn, ms) => {
        const id = nextTimer++;
        timers.set(id, { fn, ms });
        return id;
      },
      clearTimeout: (h) => void timers.delete(h as number),
    },
    pollMs: 5000,
  });
  const flush = () => new Promise((r) => setTimeout(r, 0));
  const runTimers = async () => {
    const due = [...timers.entries()];
    timers.clear();
    for (const [, t] of due) t.fn();
    await flush();
  };
  return { state: () => state, actions, timers, sources, core, stop, flush, runTimers };
}

describe('startLiveConnection', () => {
  it('fetches the status at start and goes live when the stream opens, without polling', async () => {
    const h = harness();
    await h.flush();
    expect(h.state().hereNow?.bluezone).toBe(1);
    h.sources[0]!.emit('open');
    await h.flush();
    expect(h.state().connection).toBe('live');
    expect(h.timers.size).toBe(0);
    h.sources[0]!.emit('presence', JSON.stringify({ here_now: status(8, 0).here_now, at: 2000 }));
    expect(h.state().hereNow?.bluezone).toBe(8);
    h.stop();
  });

  it('polls while the stream is down, and stops polling when it is back', async () => {
    const h = harness();
    h.sources[0]!.emit('open');
    await h.flush();
    h.sources[0]!.emit('error');
    await h.flush();
    expect(h.state().connection).toBe('polling');
    h.core.status = status(4, 5000);
    await h.runTimers();
    expect(h.state().hereNow?.bluezone).toBe(4);
    expect(h.timers.size).toBe(1);
    h.sources[0]!.emit('open');
    await h.flush();
    expect(h.state().connection).toBe('live');
    expect(h.timers.size).toBe(0);
    h.stop();
  });

  it('shows offline when polls fail too, and recovers', async () => {
    const h = harness();
    await h.flush();
    h.core.up = false;
    h.sources[0]!.emit('error');
    await h.flush();
    expect(h.state().connection).toBe('offline');
    h.core.up = true;
    await h.runTimers();
    expect(h.state().connection).toBe('polling');
    h.stop();
  });

  it('opens a new stream when the browser has closed the old one', async () => {
    const h = harness();
    h.sources[0]!.readyState = 2;
    h.sources[0]!.emit('error');
    await h.flush();
    expect(h.sources).toHaveLength(1);
    await h.runTimers();
    expect(h.sources).toHaveLength(2);
    h.sources[1]!.emit('open');
    await h.flush();
    expect(h.state().connection).toBe('live');
    h.stop();
  });

  it('releases timers and the stream on stop, and ignores later callbacks', async () => {
    const h = harness();
    h.sources[0]!.emit('error');
    await h.flush();
    h.stop();
    expect(h.timers.size).toBe(0);
    expect(h.sources[0]!.readyState).toBe(2);
    const before = h.actions.length;
    h.sources[0]!.emit('checkin', JSON.stringify({ protocol: 'gaen', at: 1 }));
    await h.flush();
    expect(h.actions.length).toBe(before);
  });
});
