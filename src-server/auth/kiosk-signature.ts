// Verification of signed kiosk requests (shared/api/request-signing.ts): Ed25519 over
// canonicalRequest(method, path+query, timestamp, body). Rejects unknown kiosks, timestamps
// outside ±MAX_CLOCK_SKEW_MS and any signature seen before. Seen signatures are kept in the
// database until their timestamp could no longer pass the skew check, so replay protection
// holds across restarts and across server nodes.
import { createHash, type KeyObject } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type {} from '../http/fastify-types.js';
import { canonicalRequestFromDigest, MAX_CLOCK_SKEW_MS, SIGNATURE_HEADERS } from '../../shared/api/request-signing.js';
import type { KiosksTable } from '../db/schema.js';
import type { KiosksRepo } from '../repositories/kiosks-repo.js';
import { ApiError } from '../http/api-error.js';
import { publicKeyFromRaw, verifyEd25519 } from './ed25519.js';

const KIOSK_CACHE_MS = 60_000;
const B64_SIG = /^[A-Za-z0-9+/]{86}==$/;

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

export class KioskVerifier {
  private readonly keys = new Map<string, KeyObject>();
  /** Kiosk rows are immutable after enrollment except health fields; a short cache saves a query per upload. */
  private readonly rows = new Map<string, { row: KiosksTable; at: number }>();

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
    if (!B64_SIG.test(sig)) throw new ApiError(401, 'signature_invalid', 'x-kiosk-signature must be a base64 Ed25519 signature');
    const kiosk = kioskId.length <= 64 ? await this.lookup(kioskId) : undefined;
    if (!kiosk) throw new ApiError(401, 'unknown_kiosk', 'this kiosk is not enrolled');
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
    if (!verifyEd25519(this.keyOf(kiosk), message, Buffer.from(sig, 'base64'))) {
      throw new ApiError(401, 'signature_invalid', 'request signature does not verify');
    }
    // Only a verified signature is remembered, so forged requests cannot fill the table.
    const fresh = await this.kiosks.rememberSignature(kiosk.id, sig, tsMs + MAX_CLOCK_SKEW_MS + 60_000);
    if (!fresh) throw new ApiError(401, 'replayed_request', 'this signed request was already received');
    return kiosk;
  }

  /** Both steps at once, for callers that already hold the body. */
  async verify(req: FastifyRequest): Promise<KiosksTable> {
    return this.verifySignature(req, await this.precheck(req));
  }

  private async lookup(id: string): Promise<KiosksTable | undefined> {
    const now = this.now();
    const hit = this.rows.get(id);
    if (hit && now - hit.at < KIOSK_CACHE_MS && now >= hit.at) return hit.row;
    const row = await this.kiosks.get(id);
    if (row) {
      if (this.rows.size > 10_000) this.rows.clear();
      this.rows.set(id, { row, at: now });
    }
    return row;
  }

  private keyOf(kiosk: KiosksTable): KeyObject {
    let key = this.keys.get(kiosk.id);
    if (!key) {
      key = publicKeyFromRaw(Buffer.from(kiosk.public_key, 'base64'));
      if (this.keys.size > 10_000) this.keys.clear();
      this.keys.set(kiosk.id, key);
    }
    return key;
  }
}
