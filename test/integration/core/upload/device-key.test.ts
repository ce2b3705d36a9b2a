import { describe, expect, it } from 'vitest';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDeviceKey } from '../../../../src-main/core/upload/device-key.js';

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

describe('device key', () => {
  it('is made once, kept private (0600), and signs verifiably with the raw public key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bz-key-'));
    const path = join(dir, 'sub', 'device-key.pem');
    const first = loadOrCreateDeviceKey(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = loadOrCreateDeviceKey(path);
    expect(Buffer.from(again.publicKeyRaw)).toEqual(Buffer.from(first.publicKeyRaw));
    expect(first.publicKeyRaw).toHaveLength(32);
    const msg = new TextEncoder().encode('bluezone-kiosk-v1\nPOST\n/v1/kiosk/batches\n1\nAB');
    const pub = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, first.publicKeyRaw]), format: 'der', type: 'spki' });
    expect(verify(null, msg, pub, first.sign(msg))).toBe(true);
    expect(verify(null, new TextEncoder().encode('other'), pub, first.sign(msg))).toBe(false);
  });

  it('refuses a key file that is not Ed25519 with a clear code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bz-key-'));
    const path = join(dir, 'device-key.pem');
    writeFileSync(path, 'not a key');
    expect(() => loadOrCreateDeviceKey(path)).toThrow();
  });
});
