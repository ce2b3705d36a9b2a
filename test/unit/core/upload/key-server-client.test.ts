import { describe, expect, it } from 'vitest';
import { SIGNATURE_HEADERS, canonicalRequest } from '../../../../shared/api/request-signing.js';
import { HttpKeyServerClient, KeyServerError, type FetchFn } from '../../../../src-main/core/upload/key-server-client.js';

const deviceKey = { publicKeyRaw: new Uint8Array(32), sign: (m: Uint8Array) => m.slice(0, 64) };

function client(status: number, body: unknown, seen: Parameters<FetchFn>[] = []): HttpKeyServerClient {
  const fetchFn: FetchFn = async (url, init) => {
    seen.push([url, init]);
    return { status, text: async () => (typeof body === 'string' ? body : JSON.stringify(body)) };
  };
  return new HttpKeyServerClient({ baseUrl: 'http://keys.test', deviceKey, now: () => 1234, fetch: fetchFn });
}

async function failure(p: Promise<unknown>): Promise<KeyServerError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof KeyServerError) return err;
    throw err;
  }
  throw new Error('expected a KeyServerError');
}

describe('HttpKeyServerClient', () => {
  it('signs kiosk requests over method, path, timestamp and body', async () => {
    const seen: Parameters<FetchFn>[] = [];
    await client(200, { notices: [] }, seen).notices('kiosk-1');
    const [url, init] = seen[0]!;
    expect(url).toBe('http://keys.test/v1/kiosk/notices');
    expect(init.headers[SIGNATURE_HEADERS.kioskId]).toBe('kiosk-1');
    expect(init.headers[SIGNATURE_HEADERS.timestamp]).toBe('1234');
    const signed = new TextEncoder().encode(canonicalRequest('GET', '/v1/kiosk/notices', 1234, ''));
    expect(init.headers[SIGNATURE_HEADERS.signature]).toBe(Buffer.from(signed.slice(0, 64)).toString('base64'));
  });

  it('does not sign enrollment, which carries the one-time code instead', async () => {
    const seen: Parameters<FetchFn>[] = [];
    const venue = { id: 'v', name: 'n', kind: 'office', province: 'p', district: 'd', ward: 'w' };
    await client(201, { kiosk_id: 'k', venue }, seen).enroll({ code: 'ABCD-EFGH', public_key: 'A'.repeat(43) + '=', version: '1' });
    expect(seen[0]![1].headers[SIGNATURE_HEADERS.signature]).toBeUndefined();
  });

  it.each([
    [500, { error: { code: 'internal_error', message: 'x' } }, 'internal_error', true],
    [429, { error: { code: 'rate_limited', message: 'x' } }, 'rate_limited', true],
    [401, { error: { code: 'stale_timestamp', message: 'x' } }, 'stale_timestamp', true],
    [401, { error: { code: 'signature_invalid', message: 'x' } }, 'signature_invalid', false],
    [422, { error: { code: 'batch_invalid', message: 'x' } }, 'batch_invalid', false],
    [404, 'not json', 'bad_response', false],
  ])('maps HTTP %i to a stable code and says whether to retry', async (status, body, code, retryable) => {
    const err = await failure(client(status, body).notices('k'));
    expect(err).toMatchObject({ code, retryable, status });
  });

  it('refuses a response that does not match the shared schema', async () => {
    const err = await failure(client(200, { notices: [{ id: 1 }] }).notices('k'));
    expect(err.code).toBe('bad_response');
  });

  it('reports an unreachable server as retryable', async () => {
    const down = new HttpKeyServerClient({
      baseUrl: 'http://keys.test',
      deviceKey,
      now: () => 1,
      fetch: async () => {
        throw new Error('ECONNREFUSED');
      },
    });
    expect(await failure(down.notices('k'))).toMatchObject({ code: 'server_unreachable', retryable: true });
  });
});
