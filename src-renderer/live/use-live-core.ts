// React binding of the live connection: one connection per mounted app.
import { useCallback, useEffect, useMemo, useReducer } from 'react';
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
}

export function useLiveCore(client: CoreClient): LiveCore {
  const [state, dispatch] = useReducer(liveReducer, INITIAL_LIVE_STATE);
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
    [client, timers],
  );
  const refresh = useCallback(async () => {
    try {
      dispatch({ kind: 'polled', status: await client.status() });
    } catch (err) {
      if (!(err instanceof CoreClientError)) throw err;
      console.warn(`[live] ${err.code}: ${err.message}`);
    }
  }, [client]);
  return { live: state, refresh };
}
