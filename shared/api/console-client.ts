// Typed client for the officials' console: every call of the console goes through here, over
// the schemas of server-api.ts, and every answer is checked against its schema. shared/ has no
// DOM typings, so the console passes the browser's fetch in. The session rides in the
// HttpOnly cookie the server sets at login; this client never sees or stores a token.
import { Value } from '@sinclair/typebox/value';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FetchInitLike, FetchLike } from './core-client.js';
import {
  AttendanceResponse,
  AuditResponse,
  EnrollmentCodeResponse,
  FeedPublicKeys,
  Exposure,
  ExposureList,
  F0CaseList,
  CaseExposureList,
  F0IntakeResponse,
  FleetResponse,
  InstallRateResponse,
  LoginResponse,
  NotifyVenueResponse,
  NotifyVisitorsResponse,
  UserList,
  UserView,
  Venue,
  VenueEncountersResponse,
  VenueList,
  type AddF0DataRequest,
  type CreateF0CaseRequest,
  type CreateUserRequest,
  type CreateVenueRequest,
  type ExposureStatus,
  type Role,
} from './server-api.js';
import { AreaList, FeedKeyRotation, type UpdateVenueRequest } from './areas-api.js';

export type ConsoleErrorCode = 'network_error' | 'bad_response' | string;

/** A failed call: the server's stable code (or network_error / bad_response) and its details. */
export class ConsoleApiError extends Error {
  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ConsoleApiError';
  }
}

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export function queryString(q: Query | undefined): string {
  if (!q) return '';
  const parts = Object.entries(q)
    .filter((e): e is [string, string | number | boolean] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const Ok = Type.Object({ ok: Type.Boolean() });
const Me = Type.Object({ user: UserView });

export interface ExposureQuery extends Query {
  province?: string;
  district?: string;
  from?: string;
  to?: string;
  status?: ExposureStatus;
  /** Rows per page (1–500); the server's default is 100. */
  limit?: number;
  /** The next_cursor of the page before. */
  cursor?: string;
}

export interface ConsoleClientOptions {
  fetch: FetchLike;
  /** '' (default): same origin, the key server serves the console. */
  baseUrl?: string;
  /**
   * Called when a call finds the session gone (401). Resolves once the person has signed in
   * again, and the call is retried once, so nothing typed on the page is lost; rejects when
   * they give up, and the call fails with the 401.
   */
  onSessionLost?: () => Promise<void>;
}

export class ConsoleClient {
  readonly #fetch: FetchLike;
  readonly #baseUrl: string;
  #onSessionLost: (() => Promise<void>) | undefined;
  #onAccountDisabled: ((err: ConsoleApiError) => void) | undefined;

  constructor(o: ConsoleClientOptions) {
    this.#fetch = o.fetch;
    this.#baseUrl = (o.baseUrl ?? '').replace(/\/+$/, '');
    this.#onSessionLost = o.onSessionLost;
  }

  setSessionLostHandler(h: (() => Promise<void>) | undefined): void {
    this.#onSessionLost = h;
  }

  /** Called when a call finds its account disabled (401 account_disabled): back to the sign-in page. */
  setAccountDisabledHandler(h: ((err: ConsoleApiError) => void) | undefined): void {
    this.#onAccountDisabled = h;
  }

  url(path: string, q?: Query): string {
    return `${this.#baseUrl}${path}${queryString(q)}`;
  }

  // --- session ---------------------------------------------------------------------------
  login(username: string, password: string) {
    return this.#call('POST', '/v1/auth/login', LoginResponse, { body: { username, password }, noRetry: true });
  }
  logout() {
    return this.#call('POST', '/v1/auth/logout', Ok, { noRetry: true });
  }
  /** Who is signed in; rejects with 401 when nobody is (no re-login prompt). */
  me() {
    return this.#call('GET', '/v1/auth/me', Me, { noRetry: true });
  }
  changeOwnPassword(current_password: string, new_password: string) {
    return this.#call('POST', '/v1/auth/password', Ok, { body: { current_password, new_password } });
  }

  // --- F0 cases and exposures --------------------------------------------------------------
  createF0Case(body: CreateF0CaseRequest) {
    return this.#call('POST', '/v1/f0-cases', F0IntakeResponse, { body });
  }
  addF0Data(caseId: string, body: AddF0DataRequest) {
    return this.#call('POST', `/v1/f0-cases/${encodeURIComponent(caseId)}/data`, F0IntakeResponse, { body });
  }
  /** One page of F0 cases; pass the page's next_cursor as `cursor` for the next. */
  f0Cases(q: { limit?: number; cursor?: string } = {}) {
    return this.#call('GET', '/v1/f0-cases', F0CaseList, { query: q });
  }
  caseExposures(caseId: string) {
    return this.#call('GET', `/v1/f0-cases/${encodeURIComponent(caseId)}/exposures`, CaseExposureList);
  }
  exposures(q: ExposureQuery = {}) {
    return this.#call('GET', '/v1/exposures', ExposureList, { query: q });
  }
  /** A plain link: the browser downloads it with the session cookie. */
  exposuresCsvUrl(q: ExposureQuery = {}): string {
    return this.url('/v1/exposures/export.csv', q);
  }
  exposure(id: string) {
    return this.#call('GET', `/v1/exposures/${encodeURIComponent(id)}`, Exposure);
  }
  notifyVisitors(id: string) {
    return this.#call('POST', `/v1/exposures/${encodeURIComponent(id)}/notify-visitors`, NotifyVisitorsResponse);
  }
  notifyVenue(id: string) {
    return this.#call('POST', `/v1/exposures/${encodeURIComponent(id)}/notify-venue`, NotifyVenueResponse);
  }
  closeExposure(id: string) {
    return this.#call('POST', `/v1/exposures/${encodeURIComponent(id)}/close`, Exposure);
  }

  // --- venues ----------------------------------------------------------------------------
  venues(q: { province?: string; district?: string } = {}) {
    return this.#call('GET', '/v1/venues', VenueList, { query: q });
  }
  venue(id: string) {
    return this.#call('GET', `/v1/venues/${encodeURIComponent(id)}`, Venue);
  }
  createVenue(body: CreateVenueRequest) {
    return this.#call('POST', '/v1/venues', Venue, { body });
  }
  enrollmentCode(venueId: string, ttlHours?: number) {
    return this.#call('POST', `/v1/venues/${encodeURIComponent(venueId)}/enrollment-codes`, EnrollmentCodeResponse, {
      body: ttlHours === undefined ? {} : { ttl_hours: ttlHours },
    });
  }
  venueEncounters(venueId: string, day?: string) {
    return this.#call('GET', `/v1/venues/${encodeURIComponent(venueId)}/encounters`, VenueEncountersResponse, { query: { day } });
  }
  attendance(venueId: string, from?: string, to?: string) {
    return this.#call('GET', `/v1/venues/${encodeURIComponent(venueId)}/attendance`, AttendanceResponse, { query: { from, to } });
  }

  // --- statistics, fleet, administration ---------------------------------------------------
  installRate(q: { level: 'venue' | 'ward' | 'district' | 'province'; from?: string; to?: string; province?: string }) {
    return this.#call('GET', '/v1/stats/install-rate', InstallRateResponse, { query: q });
  }
  fleet(q: { province?: string; offline_only?: boolean } = {}) {
    return this.#call('GET', '/v1/fleet', FleetResponse, { query: q });
  }
  audit(q: { limit?: number; before?: number; cursor?: string; since?: number; action?: string; username?: string } = {}) {
    return this.#call('GET', '/v1/audit', AuditResponse, { query: q });
  }
  areas() {
    return this.#call('GET', '/v1/areas', AreaList);
  }
  updateVenue(id: string, body: UpdateVenueRequest) {
    return this.#call('PATCH', `/v1/venues/${encodeURIComponent(id)}`, Venue, { body });
  }
  feedKeys() {
    return this.#call('GET', '/v1/feed/keys.json', FeedPublicKeys);
  }
  rotateFeedKey() {
    return this.#call('POST', '/v1/admin/feed-keys/rotate', FeedKeyRotation);
  }
  updateUser(id: string, body: { role?: Role; province?: string | null; venue_ids?: string[]; disabled?: boolean }) {
    return this.#call('PATCH', `/v1/users/${encodeURIComponent(id)}`, Type.Unknown(), { body });
  }
  /** Admin sets a user's password; the server ends that user's sessions. */
  resetUserPassword(id: string, password: string) {
    return this.#call('POST', `/v1/users/${encodeURIComponent(id)}/password`, Type.Unknown(), { body: { password } });
  }
  revokeKiosk(id: string) {
    return this.#call('POST', `/v1/kiosks/${encodeURIComponent(id)}/revoke`, Type.Unknown());
  }
  users() {
    return this.#call('GET', '/v1/users', UserList);
  }
  createUser(body: CreateUserRequest) {
    return this.#call('POST', '/v1/users', UserView, { body });
  }

  /** For calls whose schema is declared next to the page using it (see the console README). */
  call<S extends TSchema>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, schema: S, opts: { query?: Query; body?: unknown } = {}): Promise<Static<S>> {
    return this.#call(method, path, schema, opts);
  }

  async #call<S extends TSchema>(
    method: string,
    path: string,
    schema: S,
    opts: { query?: Query; body?: unknown; noRetry?: boolean } = {},
  ): Promise<Static<S>> {
    try {
      return await this.#once(method, path, schema, opts);
    } catch (err) {
      // Only a session gone asks to sign in again: a disabled account cannot (back to the
      // sign-in page), and a wrong current password (401 invalid_credentials) is an answer.
      if (err instanceof ConsoleApiError && err.code === 'account_disabled') this.#onAccountDisabled?.(err);
      const lost = err instanceof ConsoleApiError && (err.code === 'session_expired' || err.code === 'unauthenticated');
      if (!lost || opts.noRetry || !this.#onSessionLost) throw err;
      try {
        await this.#onSessionLost();
      } catch {
        throw err;
      }
      return this.#once(method, path, schema, opts);
    }
  }

  async #once<S extends TSchema>(method: string, path: string, schema: S, opts: { query?: Query; body?: unknown }): Promise<Static<S>> {
    const init: FetchInitLike = { method, headers: { accept: 'application/json' } };
    if (opts.body !== undefined) {
      init.headers = { ...init.headers, 'content-type': 'application/json' };
      init.body = JSON.stringify(opts.body);
    }
    let res;
    try {
      res = await this.#fetch(this.url(path, opts.query), init);
    } catch (err) {
      throw new ConsoleApiError('network_error', `the server cannot be reached: ${err instanceof Error ? err.message : String(err)}`, 0);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const e = isRecord(body) && isRecord(body.error) ? body.error : {};
      const code = typeof e.code === 'string' ? e.code : `http_${res.status}`;
      const message = typeof e.message === 'string' ? e.message : `HTTP ${res.status}`;
      throw new ConsoleApiError(code, message, res.status, e.details);
    }
    if (!Value.Check(schema, body)) {
      const first = Value.Errors(schema, body).First();
      throw new ConsoleApiError('bad_response', `unexpected answer from ${path}${first ? ` at ${first.path || '/'}: ${first.message}` : ''}`, res.status);
    }
    return body;
  }
}
