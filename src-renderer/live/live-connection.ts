// Keeps the screens fed: the SSE stream while it is open, status polling while it is not,
// and a fresh stream when the browser has given up on the old one. Timers and transports
// are injected so the fallback rules are unit-tested without a browser.
import {
  CoreClientError,
  openLiveStream,
  type CoreClient,
  type EventSourceFactory,
  type LiveStream,
} from '../../shared/api/core-client.js';
import type { LiveAction } from './live-state.js';

export interface TimerPort {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LiveConnectionOptions {
  client: CoreClient;
  createEventSource: EventSourceFactory;
  dispatch(action: LiveAction): void;
  timers: TimerPort;
  /** Status poll period while the stream is down. */
  pollMs?: number;
  /** Reported when a poll or event fails; the connection keeps going. */
  onError?(error: CoreClientError): void;
}

export const DEFAULT_POLL_MS = 5_000;

/** Starts the connection; the returned function stops it and releases every timer. */
export function startLiveConnection(options: LiveConnectionOptions): () => void {
  const { client, createEventSource, dispatch, timers } = options;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  let stopped = false;
  let streamOpen = false;
  // Until the stream has failed once, a successful poll is the start-up fetch, not a fallback.
  let streamFailed = false;
  let pollTimer: unknown = null;
  let stream: LiveStream | null = null;

  const reportError = (err: unknown): void => {
    if (err instanceof CoreClientError) options.onError?.(err);
    else throw err;
  };

  const pollOnce = async (): Promise<void> => {
    try {
      const status = await client.status();
      if (stopped) return;
      dispatch({ kind: 'polled', status });
      if (!streamOpen && streamFailed) dispatch({ kind: 'connection', connection: 'polling' });
    } catch (err) {
      if (stopped) return;
      if (!streamOpen) dispatch({ kind: 'connection', connection: 'offline' });
      reportError(err);
    }
  };

  const schedulePoll = (): void => {
    if (stopped || streamOpen || pollTimer !== null) return;
    pollTimer = timers.setTimeout(() => {
      pollTimer = null;
      if (stopped || streamOpen) return;
      // The browser retries an errored EventSource by itself, but not one it has closed
      // (e.g. after an HTTP error): then only a new EventSource brings live updates back.
      if (stream?.isClosed()) openStream();
      void pollOnce().finally(schedulePoll);
    }, pollMs);
  };

  const openStream = (): void => {
    stream?.close();
    stream = openLiveStream(client, createEventSource, {
      onEvent: (event) => {
        if (!stopped) dispatch({ kind: 'event', event });
      },
      onConnection: (open) => {
        if (stopped) return;
        streamOpen = open;
        if (open) {
          if (pollTimer !== null) timers.clearTimeout(pollTimer);
          pollTimer = null;
          dispatch({ kind: 'connection', connection: 'live' });
          // Events missed while the stream was down are not replayed: resync once.
          void pollOnce();
        } else {
          streamFailed = true;
          dispatch({ kind: 'connection', connection: 'polling' });
          void pollOnce();
          schedulePoll();
        }
      },
      onBadEvent: (err) => options.onError?.(err),
    });
  };

  void pollOnce();
  openStream();
  schedulePoll();

  return () => {
    stopped = true;
    if (pollTimer !== null) timers.clearTimeout(pollTimer);
    pollTimer = null;
    stream?.close();
    stream = null;
  };
}
