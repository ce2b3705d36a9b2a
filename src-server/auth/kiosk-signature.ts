// Verification of signed kiosk requests (shared/api/request-signing.ts): Ed25519 over
// canonicalRequest(method, path+query, timestamp, body). Rejects unknown kiosks, timestamps
// outside ±MAX_CLOCK_SKEW_MS, revoked kiosks, and any signature seen before. Seen signatures
// are kept in the database until their timestamp could no longer pass the skew check, so
// replay protection holds across restarts and across server nodes. A signature is accepted
// only in its canonical base64 form (the last character's unused bits zero) and remembered
// as its decoded bytes, so re-encoding a captured signature does not make it new.
// The kiosk row is read on every request, never cached: a revocation or key rotation holds
// from the next request on.
import { createHash, type KeyObject } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type {} from '../http/fastify-types.js';
import { canonicalRequestFromDigest, MAX_CLOCK_SKEW_MS, SIGNATURE_HEADERS } from '../../shared/api/request-signing.js';
import type { KiosksTable } from '../db/schema.js';
import type { KiosksRepo } from '../repositories/kiosks-repo.js';
import { ApiError } from '../http/api-error.js';
import { publicKeyFromRaw, verifyEd25519 } from './ed25519.js';

const B64_SIG = /^[A-Za-z0-9+/]{86}==$/;

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

export class KioskVerifier {
  /** Parsed public keys by their base64 text: a rotated key is a different entry. */
  private readonly keys = new Map<string, KeyObject>();

  constructor(
    private readonly kiosks: KiosksRepo,
    private readonly now: () => number,
  ) {}

  /**
   * Everything that can be checked before the body is read: the headers are present and well
   * formed, the kiosk is enrolled, and the timestamp is fresh. A stranger's body is never read.
   */
  async precheck(req: FastifyRequest): Promise<KiosksTable> {
    const kioskId = header(req, SIGNATURE_HEADERS.kioskId);
    const ts = header(req, SIGNATURE_HEADERS.timestamp);
    const sig = header(req, SIGNATURE_HEADERS.signature);
    if (!kioskId || !ts || !sig) throw new ApiError(401, 'signature_missing', 'signed kiosk request headers are missing');
    if (!/^\d{1,16}$/.test(ts)) throw new ApiError(401, 'signature_invalid', 'x-kiosk-timestamp must be Unix ms');
    if (!B64_SIG.test(sig) || Buffer.from(sig, 'base64').toString('base64') !== sig) {
      throw new ApiError(401, 'signature_invalid', 'x-kiosk-signature must be a canonical base64 Ed25519 signature');
    }
    const kiosk = kioskId.length <= 64 ? await this.kiosks.get(kioskId) : undefined;
    if (!kiosk) throw new ApiError(401, 'unknown_kiosk', 'this kiosk is not enrolled');
    if (kiosk.revoked_at !== null) throw new ApiError(401, 'kiosk_revoked', 'this kiosk has been revoked; enroll it again with a new code');
    if (Math.abs(this.now() - Number(ts)) > MAX_CLOCK_SKEW_MS) {
      throw new ApiError(401, 'stale_timestamp', 'request timestamp is too far from server time; check the kiosk clock');
    }
    return kiosk;
  }

  /** The signature over method, path, timestamp and body digest, once the body is read; then replay memory. */
  async verifySignature(req: FastifyRequest, kiosk: KiosksTable): Promise<KiosksTable> {
    const tsMs = Number(header(req, SIGNATURE_HEADERS.timestamp));
    const sig = header(req, SIGNATURE_HEADERS.signature) ?? '';
    // node:crypto hashes a 100 KB batch ~10× faster than the portable JS SHA-256 in shared/.
    const digest = createHash('sha256').update(req.rawBody ?? '').digest('hex').toUpperCase();
    const message = canonicalRequestFromDigest(req.method, req.url, tsMs, digest);
    const sigBytes = Buffer.from(sig, 'base64');
    if (!verifyEd25519(this.keyOf(kiosk), message, sigBytes)) {
      throw new ApiError(401, 'signature_invalid', 'request signature does not verify');
    }
    // Only a verified signature is remembered, so forged requests cannot fill the table.
    const fresh = await this.kiosks.rememberSignature(kiosk.id, sigBytes.toString('hex'), tsMs + MAX_CLOCK_SKEW_MS + 60_000);
    if (!fresh) throw new ApiError(401, 'replayed_request', 'this signed request was already received');
    return kiosk;
  }

  private keyOf(kiosk: KiosksTable): KeyObject {
    let key = this.keys.get(kiosk.public_key);
    if (!key) {
      key = publicKeyFromRaw(Buffer.from(kiosk.public_key, 'base64'));
      if (this.keys.size > 10_000) this.keys.clear();
      this.keys.set(kiosk.public_key, key);
    }
    return key;
  }
}
