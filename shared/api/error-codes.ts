// Every top-level error code the key server answers with ({error: {code, message}}), in one
// union. The server's ApiError only takes these, and the kiosk's client matches on them, so
// a renamed code fails the type check on both sides instead of silently changing behaviour.
// Codes inside `details` (per-line F0 problems, per-record batch problems) are listed apart.

export const SERVER_ERROR_CODES = [
  // authentication and authorisation
  'unauthenticated',
  'session_expired',
  /** The session's account was disabled by an admin: sign-in page, no re-login prompt. */
  'account_disabled',
  'invalid_credentials',
  'forbidden',
  'scope_missing',
  'origin_forbidden',
  /** A cookie-carried write (or a login) from another site's page. */
  'origin_mismatch',
  'rate_limited',
  // kiosk identity
  'signature_missing',
  'signature_invalid',
  'stale_timestamp',
  'replayed_request',
  'unknown_kiosk',
  'kiosk_revoked',
  'public_key_invalid',
  'enrollment_code_unknown',
  'enrollment_code_expired',
  'enrollment_code_used',
  // request shape
  'invalid_request',
  'invalid_json',
  'bad_request',
  'body_too_large',
  'unsupported_media_type',
  'invalid_content_length',
  'request_timeout',
  'invalid_day',
  'invalid_range',
  'route_not_found',
  /** The officials' console's files are missing: run `npm run build`. */
  'console_not_built',
  'not_found',
  // users
  'username_taken',
  'province_required',
  'venues_required',
  'venues_not_allowed',
  'unknown_venue',
  'password_weak',
  'cannot_disable_self',
  // data
  'batch_invalid',
  'f0_data_malformed',
  'window_invalid',
  'window_too_long',
  'exposure_closed',
  'no_slot_keys',
  /** A venue names a province/district/ward that is not among the imported units. */
  'area_unknown',
  /** A kiosk acknowledged a notice that is not its venue's (or no longer exists). */
  'notice_not_found',
  // reports and campaigns
  'period_in_future',
  'period_no_data',
  'deadline_in_past',
  'no_venues_in_scope',
  'invalid_area',
  'staff_figures_invalid',
  'campaign_closed',
  'submission_conflict',
  // server
  'database_unavailable',
  'internal_error',
] as const;

export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

/** Codes of one record's problem inside a rejected batch's `details`. */
export type BatchProblemCode = 'id_length_mismatch' | 'minutes_reversed' | 'minutes_outside_slot' | 'slot_in_future' | 'slot_too_old';

/** Codes the kiosk's client makes up itself when no server answer can be read. */
export type ClientErrorCode = 'server_unreachable' | 'bad_response' | 'ack_mismatch' | `http_${number}`;

const KNOWN = new Set<string>(SERVER_ERROR_CODES);

export function isServerErrorCode(code: unknown): code is ServerErrorCode {
  return typeof code === 'string' && KNOWN.has(code);
}
