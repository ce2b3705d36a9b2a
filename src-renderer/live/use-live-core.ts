// React binding of the live connection: one connection per mounted app.
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { CoreClient, CoreClientError } from '../../shared/api/core-client.js';
import { startLiveConnection } from './live-connection.js';
import { INITIAL_LIVE_STATE, liveReducer, type LiveState } from './live-state.js';

export function createBrowserClient(): CoreClient {
  // Same origin: the core serves this UI and its API from one address.
  return new CoreClient({ fetch: (url, init) => window.fetch(url, init) });
}

export interface LiveCore {
  live: LiveState;
  /** Fetches the status now, e.g. right after a tally, instead of waiting for an event. */
  refresh(): Promise<void>;
  /**
   * Opens a fresh live stream. The core decides what a stream may carry when it opens (staff
   * detail only with a staff session), so a login or logout must be followed by this.
   */
  reconnect(): void;
}

export function useLiveCore(client: CoreClient): LiveCore {
  const [state, dispatch] = useReducer(liveReducer, INITIAL_LIVE_STATE);
  const [epoch, setEpoch] = useState(0);
  const timers = useMemo(
    () => ({
      setTimeout: (fn: () => void, ms: number) => window.setTimeout(fn, ms),
      clearTimeout: (handle: unknown) => window.clearTimeout(handle as number),
    }),
    [],
  );
  useEffect(
    () =>
      startLiveConnection({
        client,
        createEventSource: (url) => new EventSource(url),
        dispatch,
        timers,
        onError: (err) => console.warn(`[live] ${err.code}: ${err.message}`),
      }),
    [client, timers, epoch],
  );
  const refresh = useCallback(async () => {
    try {
      dispatch({ kind: 'polled', status: await client.status() });
    } catch (err) {
      if (!(err instanceof CoreClientError)) throw err;
      console.warn(`[live] ${err.code}: ${err.message}`);
    }
  }, [client]);
  const reconnect = useCallback(() => setEpoch((n) => n + 1), []);
  return { live: state, refresh, reconnect };
}
