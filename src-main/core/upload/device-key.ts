// The kiosk's Ed25519 device key. Made once, on first start, and kept in a 0600 file in the
// data folder: the private key never leaves the kiosk; the server holds only the public key,
// registered with a one-time enrollment code.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DeviceKey {
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKeyRaw: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

class Ed25519DeviceKey implements DeviceKey {
  readonly publicKeyRaw: Uint8Array;
  constructor(private readonly privateKey: KeyObject) {
    const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    // An Ed25519 SPKI is a fixed 12-byte header followed by the raw 32-byte key.
    this.publicKeyRaw = new Uint8Array(spki.subarray(spki.length - 32));
  }

  sign(message: Uint8Array): Uint8Array {
    return new Uint8Array(sign(null, message, this.privateKey));
  }
}

export function loadOrCreateDeviceKey(path: string): DeviceKey {
  if (existsSync(path)) {
    const key = createPrivateKey(readFileSync(path));
    if (key.asymmetricKeyType !== 'ed25519') {
      throw Object.assign(new Error(`${path} does not hold an Ed25519 private key`), { code: 'device_key_invalid' });
    }
    return new Ed25519DeviceKey(key);
  }
  mkdirSync(dirname(path), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  // Write then rename, so a power cut never leaves a half-written key behind.
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, pem, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return new Ed25519DeviceKey(privateKey);
}
