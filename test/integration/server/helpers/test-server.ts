// A key server on a fresh database with a controllable clock, plus helpers to act as the
// different users and as a signed kiosk, all through Fastify inject.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../../../src-server/app.js';
import { loadConfig, type ServerConfig } from '../../../../src-server/config.js';
import { issueEnrollmentCode } from '../../../../src-server/enrollment.js';
import { canonicalRequest, SIGNATURE_HEADERS } from '../../../../shared/api/request-signing.js';
import type { Role } from '../../../../shared/api/server-api.js';
import type { KioskBatch } from '../../../../shared/api/kiosk-upload.js';
import { createTestDatabase, type BackendName, type TestDatabase } from './backends.js';

export interface TestServer {
  app: FastifyInstance;
  db: TestDatabase;
  clock: { now: number };
  close(): Promise<void>;
}

/** scrypt cost of test servers: 2^17 (the product's) takes seconds per hash on a shared machine. */
export const TEST_PASSWORD_COST_LOG2 = 12;

export async function startTestServer(backend: BackendName, env: Record<string, string> = {}, passwordCostLog2 = TEST_PASSWORD_COST_LOG2): Promise<TestServer> {
  const db = await createTestDatabase(backend);
  const config: ServerConfig = loadConfig({ BZ_SERVER_DATA_DIR: ':memory:', BZ_RATE_LIMIT_PER_MIN: '100000', BZ_LOGIN_RATE_LIMIT_PER_MIN: '100000', ...env });
  // 2026-11-20 10:00 UTC unless a test moves it.
  const clock = { now: Date.UTC(2026, 10, 20, 10, 0, 0) };
  const app = await buildApp({ config, database: db.handle, now: () => clock.now, logger: false, passwordCostLog2 });
  await app.ready();
  return {
    app,
    db,
    clock,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export async function createUser(s: TestServer, username: string, role: Role, opts: { province?: string; venueIds?: string[] } = {}): Promise<string> {
  await s.app.services.users.create(
    { username, passwordHash: await s.app.services.passwords.hash(`${username}-password`), role, province: opts.province ?? null, venueIds: opts.venueIds ?? [] },
    s.clock.now,
  );
  return login(s, username, `${username}-password`);
}

export async function login(s: TestServer, username: string, password: string): Promise<string> {
  const r = await s.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } });
  if (r.statusCode !== 200) throw new Error(`login ${username} failed: ${r.body}`);
  return (r.json() as { token: string }).token;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export async function createVenue(s: TestServer, name: string, province = 'Hà Nội', district = 'Hoàn Kiếm', ward = 'Hàng Bạc'): Promise<string> {
  const v = await s.app.services.venues.create({ name, kind: 'restaurant', province, district, ward }, s.clock.now);
  return v.id;
}

export interface TestKiosk {
  id: string;
  venueId: string;
  privateKey: KeyObject;
  publicKeyB64: string;
}

export function newKioskKeys(): { privateKey: KeyObject; publicKeyB64: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKeyB64: der.subarray(der.length - 32).toString('base64') };
}

export async function enrollKiosk(s: TestServer, venueId: string): Promise<TestKiosk> {
  const { code } = await issueEnrollmentCode(s.app.services.venues, venueId, 24, s.clock.now);
  const keys = newKioskKeys();
  const r = await s.app.inject({ method: 'POST', url: '/v1/kiosk/enroll', payload: { code, public_key: keys.publicKeyB64, version: 'test-1' } });
  if (r.statusCode !== 201) throw new Error(`enroll failed: ${r.body}`);
  return { id: (r.json() as { kiosk_id: string }).kiosk_id, venueId, ...keys };
}

export function signedHeaders(k: TestKiosk, method: string, url: string, body: string, ts: number): Record<string, string> {
  const sig = sign(null, Buffer.from(canonicalRequest(method, url, ts, body)), k.privateKey).toString('base64');
  return {
    [SIGNATURE_HEADERS.kioskId]: k.id,
    [SIGNATURE_HEADERS.timestamp]: String(ts),
    [SIGNATURE_HEADERS.signature]: sig,
    ...(body === '' ? {} : { 'content-type': 'application/json' }),
  };
}

/**
 * A signed kiosk request. An upload's exposure recompute runs in the background; this waits
 * for it, so a test reads what an official would see once it has run.
 */
export async function signedInject(s: TestServer, k: TestKiosk, method: 'GET' | 'POST', url: string, body?: unknown, ts = s.clock.now): Promise<LightMyRequestResponse> {
  const raw = body === undefined ? '' : JSON.stringify(body);
  const res = await s.app.inject({ method, url, headers: signedHeaders(k, method, url, raw, ts), ...(raw === '' ? {} : { payload: raw }) });
  await s.app.services.engine.settled();
  return res;
}

export function emptyBatch(batchId: string, now: number): KioskBatch {
  return {
    batch_id: batchId,
    created_at: now,
    encounters: [],
    slot_keys: [],
    attendance: [],
    heartbeat: { version: 'test-1', radio_state: 'scanning', clock_synced: true, queue_depth: 0, free_disk_mb: 1000, sent_at: now },
  };
}
