// Kiosk request signing: Ed25519 over a canonical string of method, path, timestamp and
// a SHA-256 digest of the body. The server rejects timestamps outside the skew window and
// any (kiosk, signature) it has seen before, so a captured request cannot be replayed.
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../hex.js';

export const SIGNATURE_HEADERS = {
  kioskId: 'x-kiosk-id',
  timestamp: 'x-kiosk-timestamp',
  signature: 'x-kiosk-signature',
} as const;

/** How far a request's timestamp may be from the server's clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export function bodyDigest(body: Uint8Array | string): string {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return toHex(sha256(bytes));
}

/** The exact bytes that are signed. `path` includes the query string, as sent. */
export function canonicalRequest(method: string, path: string, timestampMs: number, body: Uint8Array | string): string {
  return canonicalRequestFromDigest(method, path, timestampMs, bodyDigest(body));
}

/** Same, from a precomputed upper-case hex SHA-256 of the body (a server may hash natively). */
export function canonicalRequestFromDigest(method: string, path: string, timestampMs: number, digestHex: string): string {
  return `bluezone-kiosk-v1\n${method.toUpperCase()}\n${path}\n${timestampMs}\n${digestHex}`;
}
