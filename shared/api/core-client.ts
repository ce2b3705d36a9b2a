// Typed client for the kiosk core's local API (declared in core-api.ts). shared/ has no DOM
// typings, so the caller passes its fetch and EventSource in; the renderer hands over the
// browser's, tests hand over fakes.
import { Value } from '@sinclair/typebox/value';
import type { TSchema, Static } from '@sinclair/typebox';
import {
  CORE_API,
  CalibrationStatus,
  CoreStatus,
  PresenceCounts,
  noticeAckPath,
  type CalibrationStartRequest,
  type LiveEvent,
  type TallyRequest,
} from './core-api.js';
import { ProtocolSchema } from './kiosk-upload.js';

/** The part of a fetch Response the client reads. */
export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  json(): Promise<unknown>;
}
export interface FetchInitLike {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}
export type FetchLike = (url: string, init?: FetchInitLike) => Promise<FetchResponseLike>;

/** The part of a browser EventSource the stream uses. */
export interface EventSourceLike {
  readonly readyState: number;
  /** Used for 'open', 'error' and the named live events. */
  addEventListener(type: string, listener: (ev: { data?: unknown }) => void): void;
  close(): void;
}
export type EventSourceFactory = (url: string) => EventSourceLike;
/** EventSource.CLOSED: the browser gave up and will not reconnect by itself. */
export const EVENT_SOURCE_CLOSED = 2;

export type CoreClientErrorCode = 'core_unreachable' | 'core_http_error' | 'core_bad_response';

export class CoreClientError extends Error {
  constructor(
    readonly code: CoreClientErrorCode,
    message: string,
    readonly status?: number,
    /** The core's stable error code (`error.code` in its JSON body), when it sent one. */
    readonly apiCode?: string,
  ) {
    super(message);
    this.name = 'CoreClientError';
  }
}

function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

function checked<S extends TSchema>(schema: S, data: unknown, what: string): Static<S> {
  if (!Value.Check(schema, data)) {
    const first = Value.Errors(schema, data).First();
    const where = first ? ` at ${first.path || '/'}: ${first.message}` : '';
    throw new CoreClientError('core_bad_response', `${what} does not match the core API${where}`);
  }
  return data;
}

export class CoreClient {
  readonly #fetch: FetchLike;
  readonly #baseUrl: string;

  /** baseUrl '' means "same origin": the core serves the UI and the API together. */
  constructor(options: { fetch: FetchLike; baseUrl?: string }) {
    this.#fetch = options.fetch;
    this.#baseUrl = options.baseUrl ?? '';
  }

  url(path: string): string {
    return joinUrl(this.#baseUrl, path);
  }

  async status(): Promise<CoreStatus> {
    const body = await this.#request(CORE_API.status, { method: 'GET', headers: { accept: 'application/json' } });
    return checked(CoreStatus, body, 'status');
  }

  /** Records one manual tally step. Resolves once the core has stored it. */
  async tally(request: TallyRequest): Promise<void> {
    await this.#request(CORE_API.tally, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
    });
  }

  /** Opens a staff session; the core sets it as an HttpOnly cookie the browser keeps. */
  async staffLogin(pin: string): Promise<void> {
    await this.#request(CORE_API.staffSession, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ pin }),
    });
  }

  /** Staff acknowledge a venue notice; the core sends it on to the key server. */
  async ackNotice(noticeId: string): Promise<void> {
    await this.#request(noticeAckPath(noticeId), { method: 'POST', headers: { accept: 'application/json' } });
  }

  async staffLogout(): Promise<void> {
    await this.#request(CORE_API.staffSession, { method: 'DELETE', headers: { accept: 'application/json' } });
  }

  /** The distance calibration: thresholds in force and the wizard's progress (staff session). */
  async calibration(): Promise<CalibrationStatus> {
    const body = await this.#request(CORE_API.calibration, { method: 'GET', headers: { accept: 'application/json' } });
    return checked(CalibrationStatus, body, 'calibration');
  }

  /** Starts measuring one point; the core's configured duration applies unless given. */
  async calibrationStart(request: CalibrationStartRequest): Promise<CalibrationStatus> {
    const body = await this.#request(CORE_API.calibrationStart, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
    });
    return checked(CalibrationStatus, body, 'calibration');
  }

  async calibrationCancel(): Promise<CalibrationStatus> {
    const body = await this.#request(CORE_API.calibrationCancel, { method: 'POST', headers: { accept: 'application/json' } });
    return checked(CalibrationStatus, body, 'calibration');
  }

  /** Applies both points as thresholds; refusals carry the core's code in `apiCode`. */
  async calibrationApply(): Promise<CalibrationStatus> {
    const body = await this.#request(CORE_API.calibrationApply, { method: 'POST', headers: { accept: 'application/json' } });
    return checked(CalibrationStatus, body, 'calibration');
  }

  async health(): Promise<boolean> {
    try {
      await this.#request(CORE_API.health, { method: 'GET' });
      return true;
    } catch (err) {
      if (err instanceof CoreClientError) return false;
      throw err;
    }
  }

  async #request(path: string, init: FetchInitLike): Promise<unknown> {
    let res: FetchResponseLike;
    try {
      res = await this.#fetch(this.url(path), init);
    } catch (err) {
      throw new CoreClientError('core_unreachable', `core not reachable: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!res.ok) {
      let apiCode: string | undefined;
      try {
        const body = await res.json();
        const error = isRecord(body) ? body.error : undefined;
        if (isRecord(error) && typeof error.code === 'string') apiCode = error.code;
      } catch {
        // An error without a JSON body still reports its HTTP status below.
        apiCode = undefined;
      }
      throw new CoreClientError('core_http_error', `core answered HTTP ${res.status} on ${path}${apiCode ? ` (${apiCode})` : ''}`, res.status, apiCode);
    }
    try {
      return await res.json();
    } catch (err) {
      throw new CoreClientError('core_bad_response', `core sent invalid JSON on ${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

const LIVE_EVENT_TYPES = ['presence', 'checkin', 'status'] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Decodes one SSE message into a LiveEvent. The SSE `event:` name is authoritative; `data`
 * may or may not repeat `type`. For `status` the data may be `{status}` or the bare
 * CoreStatus. Throws CoreClientError('core_bad_response') on anything that does not match.
 */
export function parseLiveEvent(type: LiveEventType, data: unknown): LiveEvent {
  let parsed: unknown;
  try {
    parsed = typeof data === 'string' ? JSON.parse(data) : data;
  } catch {
    throw new CoreClientError('core_bad_response', `live event "${type}" carries invalid JSON`);
  }
  if (!isRecord(parsed)) throw new CoreClientError('core_bad_response', `live event "${type}" is not an object`);
  const at = typeof parsed.at === 'number' && Number.isFinite(parsed.at) ? parsed.at : undefined;
  switch (type) {
    case 'presence': {
      const hereNow = checked(PresenceCounts, parsed.here_now, 'presence event');
      if (at === undefined) throw new CoreClientError('core_bad_response', 'presence event has no numeric "at"');
      return { type, here_now: hereNow, at };
    }
    case 'checkin': {
      const protocol = checked(ProtocolSchema, parsed.protocol, 'checkin event');
      if (at === undefined) throw new CoreClientError('core_bad_response', 'checkin event has no numeric "at"');
      return { type, protocol, at };
    }
    case 'status': {
      const status = checked(CoreStatus, 'status' in parsed ? parsed.status : parsed, 'status event');
      return { type, status };
    }
  }
}

export interface LiveStreamHandlers {
  onEvent(event: LiveEvent): void;
  /** The stream is open (true) or has dropped (false); the browser retries on its own unless closed. */
  onConnection(open: boolean): void;
  /** A message that could not be decoded; the stream keeps going. */
  onBadEvent?(error: CoreClientError): void;
}

export interface LiveStream {
  /** True when the underlying source gave up for good and a new stream must be opened. */
  isClosed(): boolean;
  close(): void;
}

/** Opens the live-event stream (SSE at /api/events). */
export function openLiveStream(
  client: CoreClient,
  createEventSource: EventSourceFactory,
  handlers: LiveStreamHandlers,
): LiveStream {
  const source = createEventSource(client.url(CORE_API.events));
  let closedByUs = false;
  source.addEventListener('open', () => handlers.onConnection(true));
  source.addEventListener('error', () => handlers.onConnection(false));
  for (const type of LIVE_EVENT_TYPES) {
    source.addEventListener(type, (ev) => {
      let event: LiveEvent;
      try {
        event = parseLiveEvent(type, ev.data);
      } catch (err) {
        if (!(err instanceof CoreClientError)) throw err;
        handlers.onBadEvent?.(err);
        return;
      }
      handlers.onEvent(event);
    });
  }
  return {
    isClosed: () => closedByUs || source.readyState === EVENT_SOURCE_CLOSED,
    close: () => {
      closedByUs = true;
      source.close();
    },
  };
}
