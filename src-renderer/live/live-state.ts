// What the screens show, derived from status polls and live events. A pure reducer so the
// ordering rules (a late poll must not overwrite a newer presence count) are unit-tested.
import type { CoreStatus, LiveEvent, PresenceCounts } from '../../shared/api/core-api.js';
import type { Protocol } from '../../shared/domain/types.js';

/** live: SSE open; polling: SSE down, status polled; offline: nothing answers; connecting: not yet known. */
export type Connection = 'connecting' | 'live' | 'polling' | 'offline';

export interface CheckinSeen {
  readonly protocol: Protocol;
  readonly at: number;
  /** Increments per check-in, so two check-ins with the same `at` still show twice. */
  readonly seq: number;
}

export interface LiveState {
  readonly status: CoreStatus | null;
  readonly hereNow: PresenceCounts | null;
  /** Core clock (ms) of the data in hereNow, to drop older counts arriving late. */
  readonly hereNowAt: number;
  readonly connection: Connection;
  readonly lastCheckin: CheckinSeen | null;
}

export type LiveAction =
  | { kind: 'event'; event: LiveEvent }
  | { kind: 'polled'; status: CoreStatus }
  | { kind: 'connection'; connection: Connection };

export const INITIAL_LIVE_STATE: LiveState = {
  status: null,
  hereNow: null,
  hereNowAt: Number.NEGATIVE_INFINITY,
  connection: 'connecting',
  lastCheckin: null,
};

function withStatus(state: LiveState, status: CoreStatus): LiveState {
  const newer = status.now >= state.hereNowAt;
  return {
    ...state,
    status,
    hereNow: newer ? status.here_now : state.hereNow,
    hereNowAt: newer ? status.now : state.hereNowAt,
  };
}

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  switch (action.kind) {
    case 'connection':
      return state.connection === action.connection ? state : { ...state, connection: action.connection };
    case 'polled':
      return withStatus(state, action.status);
    case 'event': {
      const event = action.event;
      switch (event.type) {
        case 'status':
          return withStatus(state, event.status);
        case 'presence':
          if (event.at < state.hereNowAt) return state;
          return {
            ...state,
            hereNow: event.here_now,
            hereNowAt: event.at,
            status: state.status ? { ...state.status, here_now: event.here_now } : null,
          };
        case 'checkin':
          return {
            ...state,
            lastCheckin: { protocol: event.protocol, at: event.at, seq: (state.lastCheckin?.seq ?? 0) + 1 },
          };
      }
    }
  }
}
