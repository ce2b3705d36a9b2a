import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServiceNotifier } from '../../../../src-main/core/service/sd-notify.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('createServiceNotifier', () => {
  it('does nothing outside systemd', () => {
    const send = vi.fn(async () => {});
    const n = createServiceNotifier({}, () => {}, send);
    n.ready('up');
    n.stopping();
    expect(send).not.toHaveBeenCalled();
  });

  it('sends READY with a status, then a watchdog ping three times per period, and STOPPING', () => {
    vi.useFakeTimers();
    const send = vi.fn(async () => {});
    const n = createServiceNotifier({ NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '30000000', WATCHDOG_PID: '42' }, () => {}, send, 42);
    n.ready('listening on http://127.0.0.1:8787');
    expect(send).toHaveBeenLastCalledWith(['--ready', '--status=listening on http://127.0.0.1:8787']);
    vi.advanceTimersByTime(30_000);
    expect(send.mock.calls.filter((c) => (c as unknown[])[0]?.toString() === 'WATCHDOG=1')).toHaveLength(3);
    n.stopping();
    expect(send).toHaveBeenLastCalledWith(['STOPPING=1']);
    vi.advanceTimersByTime(60_000);
    expect(send).toHaveBeenCalledTimes(5);
  });

  it('pings no watchdog meant for another process', () => {
    vi.useFakeTimers();
    const send = vi.fn(async () => {});
    const n = createServiceNotifier({ NOTIFY_SOCKET: '/x', WATCHDOG_USEC: '3000000', WATCHDOG_PID: '7' }, () => {}, send, 42);
    n.ready('up');
    vi.advanceTimersByTime(10_000);
    expect(send).toHaveBeenCalledTimes(1);
    n.dispose();
  });

  it('reports a failing systemd-notify once and keeps running', async () => {
    vi.useFakeTimers();
    const onError = vi.fn();
    const send = vi.fn(async () => {
      throw new Error('spawn systemd-notify ENOENT');
    });
    const n = createServiceNotifier({ NOTIFY_SOCKET: '/x', WATCHDOG_USEC: '3000000' }, onError, send, 42);
    n.ready('up');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(send.mock.calls.length).toBeGreaterThan(3);
    expect(onError).toHaveBeenCalledTimes(1);
    n.dispose();
  });
});
