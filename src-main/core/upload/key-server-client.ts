// KeyServerClient: the kiosk's port to the key server, and its HTTP adapter. Every request
// after enrollment is signed (shared/api/request-signing.ts); every response is validated
// against the shared schema before the kiosk acts on it.
import { Value } from '@sinclair/typebox/value';
import type { TSchema, Static } from '@sinclair/typebox';
import {
  BatchAck,
  EnrollResponse,
  KIOSK_API,
  KioskNoticesResponse,
  NoticeAckResponse,
  type EnrollRequest,
  type KioskBatch,
  type KioskNotice,
} from '../../../shared/api/kiosk-upload.js';
import { SIGNATURE_HEADERS, canonicalRequest } from '../../../shared/api/request-signing.js';
import { KioskReportRequestsResponse, REPORT_API, type KioskReportRequest } from '../../../shared/api/report-api.js';
import type { DeviceKey } from './device-key.js';
import { isServerErrorCode, type ClientErrorCode, type ServerErrorCode } from '../../../shared/api/error-codes.js';

/** Refusals that a freshly signed copy of the same request can pass. */
const RESIGN_AND_RETRY: ReadonlySet<ServerErrorCode> = new Set<ServerErrorCode>(['stale_timestamp', 'replayed_request']);

export interface KeyServerClient {
  enroll(request: EnrollRequest): Promise<EnrollResponse>;
  sendBatch(kioskId: string, batch: KioskBatch): Promise<BatchAck>;
  notices(kioskId: string): Promise<KioskNotice[]>;
  /** Reports that staff acknowledged a notice at `acknowledgedAt`; returns the time the server kept. */
  ackNotice(kioskId: string, noticeId: string, acknowledgedAt: number): Promise<number>;
  /** Open report requests (campaigns) the venue has not answered: the staff's reminder. */
  reportRequests(kioskId: string): Promise<KioskReportRequest[]>;
}

/** Failure talking to the key server. `retryable` says whether the same request may succeed later. */
export type KeyServerErrorCode = ServerErrorCode | ClientErrorCode;

export class KeyServerError extends Error {
  constructor(
    readonly code: KeyServerErrorCode,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

export type FetchFn = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

export interface HttpKeyServerClientOptions {
  baseUrl: string;
  deviceKey: DeviceKey;
  now: () => number;
  fetch?: FetchFn;
  timeoutMs?: number;
}

export class HttpKeyServerClient implements KeyServerClient {
  private readonly fetchFn: FetchFn;
  constructor(private readonly options: HttpKeyServerClientOptions) {
    this.fetchFn = options.fetch ?? ((url, init) => fetch(url, init));
  }

  enroll(request: EnrollRequest): Promise<EnrollResponse> {
    return this.call('POST', KIOSK_API.enroll, JSON.stringify(request), null, EnrollResponse);
  }

  sendBatch(kioskId: string, batch: KioskBatch): Promise<BatchAck> {
    return this.call('POST', KIOSK_API.batches, JSON.stringify(batch), kioskId, BatchAck);
  }

  async notices(kioskId: string): Promise<KioskNotice[]> {
    const res = await this.call('GET', KIOSK_API.notices, '', kioskId, KioskNoticesResponse);
    return res.notices;
  }

  async ackNotice(kioskId: string, noticeId: string, acknowledgedAt: number): Promise<number> {
    const res = await this.call('POST', KIOSK_API.noticeAck(noticeId), JSON.stringify({ acknowledged_at: acknowledgedAt }), kioskId, NoticeAckResponse);
    return res.acknowledged_at;
  }

  async reportRequests(kioskId: string): Promise<KioskReportRequest[]> {
    const res = await this.call('GET', REPORT_API.kioskRequests, '', kioskId, KioskReportRequestsResponse);
    return res.requests;
  }

  private async call<S extends TSchema>(
    method: string,
    path: string,
    body: string,
    kioskId: string | null,
    schema: S,
  ): Promise<Static<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body) headers['content-type'] = 'application/json';
    if (kioskId !== null) {
      const ts = this.options.now();
      const message = new TextEncoder().encode(canonicalRequest(method, path, ts, body));
      headers[SIGNATURE_HEADERS.kioskId] = kioskId;
      headers[SIGNATURE_HEADERS.timestamp] = String(ts);
      headers[SIGNATURE_HEADERS.signature] = Buffer.from(this.options.deviceKey.sign(message)).toString('base64');
    }
    let status: number;
    let text: string;
    try {
      const res = await this.fetchFn(`${this.options.baseUrl}${path}`, {
        method,
        headers,
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      throw new KeyServerError('server_unreachable', `key server unreachable: ${(err as Error).message}`, true);
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new KeyServerError('bad_response', `key server answered ${status} with non-JSON`, status >= 500, status);
    }
    if (status >= 400) {
      const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      const code: KeyServerErrorCode = isServerErrorCode(error?.code) ? error.code : `http_${status}`;
      const message = typeof error?.message === 'string' ? error.message : `HTTP ${status}`;
      // 408/429/5xx are transient, and a request refused for its timestamp is signed afresh on
      // retry; other 4xx mean this request will never be accepted as is.
      const retryable = status >= 500 || status === 408 || status === 429 || (isServerErrorCode(code) && RESIGN_AND_RETRY.has(code));
      throw new KeyServerError(code, message, retryable, status);
    }
    if (!Value.Check(schema, json)) {
      const first = [...Value.Errors(schema, json)][0];
      throw new KeyServerError('bad_response', `key server response does not match ${path}: ${first?.path ?? ''} ${first?.message ?? ''}`, true, status);
    }
    return json as Static<S>;
  }
}
