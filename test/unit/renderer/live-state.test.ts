import { describe, expect, it } from 'vitest';
import { INITIAL_LIVE_STATE, liveReducer, type LiveState } from '../../../src-renderer/live/live-state.js';
import { sampleStatus } from '../../fixtures/core-status.js';
import type { CoreStatus, PresenceCounts } from '../../../shared/api/core-api.js';

const counts = (bluezone: number): PresenceCounts => ({ bluezone, bluezone_android: bluezone, bluezone_ios: 0, gaen: 0 });

function status(now: number, bluezone: number): CoreStatus {
  return sampleStatus({
    venue_name: 'Chợ Bến Thành',
    here_now: { bluezone, bluezone_android: bluezone, bluezone_ios: 0, gaen: 0 },
    upload: { enrolled: true, queue_depth: 0, last_success_at: null, last_error: null },
    now,
  });
}

describe('liveReducer', () => {
  it('takes here-now from a polled status', () => {
    const s = liveReducer(INITIAL_LIVE_STATE, { kind: 'polled', status: status(1000, 4) });
    expect(s.hereNow?.bluezone).toBe(4);
    expect(s.status?.now).toBe(1000);
  });

  it('updates the count on a newer presence event and mirrors it into the status', () => {
    let s = liveReducer(INITIAL_LIVE_STATE, { kind: 'polled', status: status(1000, 4) });
    s = liveReducer(s, { kind: 'event', event: { type: 'presence', here_now: counts(9), at: 2000 } });
    expect(s.hereNow?.bluezone).toBe(9);
    expect(s.status?.here_now.bluezone).toBe(9);
  });

  it('ignores a presence event older than what is shown', () => {
    let s = liveReducer(INITIAL_LIVE_STATE, { kind: 'event', event: { type: 'presence', here_now: counts(9), at: 2000 } });
    s = liveReducer(s, { kind: 'event', event: { type: 'presence', here_now: counts(1), at: 1500 } });
    expect(s.hereNow?.bluezone).toBe(9);
  });

  it('keeps a newer presence count when an older status poll arrives late, but takes its other fields', () => {
    let s = liveReducer(INITIAL_LIVE_STATE, { kind: 'event', event: { type: 'presence', here_now: counts(9), at: 2000 } });
    s = liveReducer(s, { kind: 'polled', status: { ...status(1500, 2), today_devices: 50 } });
    expect(s.hereNow?.bluezone).toBe(9);
    expect(s.status?.today_devices).toBe(50);
  });

  it('counts each check-in, even two with the same timestamp', () => {
    let s: LiveState = INITIAL_LIVE_STATE;
    s = liveReducer(s, { kind: 'event', event: { type: 'checkin', protocol: 'bluezone_ios', at: 5 } });
    s = liveReducer(s, { kind: 'event', event: { type: 'checkin', protocol: 'bluezone_ios', at: 5 } });
    expect(s.lastCheckin).toEqual({ protocol: 'bluezone_ios', at: 5, seq: 2 });
  });

  it('applies status events like polls', () => {
    const s = liveReducer(INITIAL_LIVE_STATE, { kind: 'event', event: { type: 'status', status: status(10, 3) } });
    expect(s.hereNow?.bluezone).toBe(3);
  });

  it('returns the same object when the connection state does not change', () => {
    const s = liveReducer(INITIAL_LIVE_STATE, { kind: 'connection', connection: 'live' });
    expect(s.connection).toBe('live');
    expect(liveReducer(s, { kind: 'connection', connection: 'live' })).toBe(s);
  });
});
