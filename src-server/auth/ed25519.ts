// Ed25519 with node:crypto. Kiosks register a raw 32-byte public key; Node wants SPKI, which
// for Ed25519 is a fixed 12-byte DER prefix (SEQUENCE, AlgorithmIdentifier 1.3.101.112,
// BIT STRING) followed by the raw key.
import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new RangeError(`an Ed25519 public key is 32 bytes, got ${raw.length}`);
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function rawFromPublicKey(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32);
}

export function verifyEd25519(key: KeyObject, message: string | Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  return verify(null, typeof message === 'string' ? Buffer.from(message, 'utf8') : message, key, signature);
}

export function signEd25519(privateKey: KeyObject, message: string | Uint8Array): Buffer {
  return sign(null, typeof message === 'string' ? Buffer.from(message, 'utf8') : message, privateKey);
}

export function newEd25519KeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ed25519');
}
