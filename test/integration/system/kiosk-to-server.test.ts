// The kiosk's real upload path against the real key server over loopback HTTP: enrollment
// with a one-time code, signed batches from the durable outbox, catch-up after being
// offline, idempotent retries, and refusal of replayed or forged requests.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Heartbeat } from '../../../shared/api/kiosk-upload.js';
import type { Sighting } from '../../../shared/domain/types.js';
import { EncounterEngine } from '../../../src-main/core/engine/encounter-engine.js';
import { openKioskStore, type KioskStore } from '../../../src-main/core/store/kiosk-store.js';
import { loadOrCreateDeviceKey } from '../../../src-main/core/upload/device-key.js';
import { HttpKeyServerClient, type FetchFn } from '../../../src-main/core/upload/key-server-client.js';
import { Uploader } from '../../../src-main/core/upload/uploader.js';
import { issueEnrollmentCode } from '../../../src-server/enrollment.js';
import { bearer, createUser, startTestServer, type TestServer } from '../server/helpers/test-server.js';

const heartbeat = (now: number): Heartbeat => ({ version: 'it', radio_state: 'scanning', clock_synced: true, queue_depth: 0, free_disk_mb: 500, sent_at: now });

let server: TestServer;
let baseUrl: string;
let dir: string;
let store: KioskStore;
let engine: EncounterEngine;
let venueId: string;

beforeEach(async () => {
  server = await startTestServer('sqlite');
  baseUrl = await server.app.listen({ host: '127.0.0.1', port: 0 });
  venueId = (await server.app.services.venues.create({ name: 'Bến xe Mỹ Đình', kind: 'bus_station', province: 'Hà Nội', district: 'Nam Từ Liêm', ward: 'Mỹ Đình 2' }, server.clock.now)).id;
  dir = mkdtempSync(join(tmpdir(), 'bz-sys-'));
  const clock = { now: () => server.clock.now, synced: () => true };
  store = openKioskStore({ path: join(dir, 'kiosk.db'), clock });
  engine = new EncounterEngine({ store, clock });
});

afterEach(async () => {
  engine.dispose();
  store.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function uploader(code: string | null, fetchFn?: FetchFn): Uploader {
  const deviceKey = loadOrCreateDeviceKey(join(dir, 'device-key.pem'));
  const now = () => server.clock.now;
  return new Uploader({
    store,
    client: new HttpKeyServerClient({ baseUrl, deviceKey, now, ...(fetchFn ? { fetch: fetchFn } : {}) }),
    deviceKey,
    now,
    heartbeat: () => heartbeat(now()),
    enrollmentCode: code,
    version: 'it',
    intervalMs: 60_000,
  });
}

function visit(id: string, rssi = -55): Sighting {
  return { protocol: 'bluezone_android', id, rssi, at: server.clock.now, trusted: true };
}

async function uploadedIds(): Promise<string[]> {
  const token = await createUser(server, `admin${Math.random().toString(36).slice(2, 8)}`, 'admin');
  const day = new Date(server.clock.now).toISOString().slice(0, 10);
  const res = await server.app.inject({ url: `/v1/venues/${venueId}/encounters?day=${day}`, headers: bearer(token) });
  expect(res.statusCode).toBe(200);
  return (res.json() as { encounters: { visitor_id: string }[] }).encounters.map((e) => e.visitor_id).sort();
}

describe('kiosk -> key server', () => {
  it('enrolls with a one-time code and uploads what the engine recorded', async () => {
    const { code } = await issueEnrollmentCode(server.app.services.venues, venueId, 24, server.clock.now);
    engine.ingest(visit('B9A665D754FE65E665D76A45'));
    engine.ingest(visit('3AA8DFC0A15682B27216FC31', -80));
    engine.flush();
    const up = uploader(code);
    await up.runOnce();
    expect(up.status()).toMatchObject({ enrolled: true, lastError: null, queueDepth: 0, venue: { name: 'Bến xe Mỹ Đình' } });
    expect(await uploadedIds()).toEqual(['3AA8DFC0A15682B27216FC31', 'B9A665D754FE65E665D76A45']);

    // The code was single use: a second kiosk cannot enroll with it.
    const other = mkdtempSync(join(tmpdir(), 'bz-sys-'));
    const res = await fetch(`${baseUrl}/v1/kiosk/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, public_key: Buffer.alloc(32, 1).toString('base64'), version: 'x' }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    rmSync(other, { recursive: true, force: true });
  });

  it('keeps batches while offline and delivers each exactly once when back', async () => {
    const { code } = await issueEnrollmentCode(server.app.services.venues, venueId, 24, server.clock.now);
    await uploader(code).runOnce();
    engine.ingest(visit('C5DAD2EC90AFFA065D1E0A70'));
    engine.flush();
    const offline: FetchFn = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    const down = uploader(null, offline);
    await down.runOnce();
    expect(store.outbox.depth()).toBe(1);
    expect(down.status().lastError).toMatch(/server_unreachable/);

    // Back online, after the retry delay: the same batch goes through once.
    server.clock.now += 16 * 60_000;
    const back = uploader(null);
    await back.runOnce();
    expect(store.outbox.depth()).toBe(0);
    expect(await uploadedIds()).toEqual(['C5DAD2EC90AFFA065D1E0A70']);
    await back.runOnce();
    expect(await uploadedIds()).toEqual(['C5DAD2EC90AFFA065D1E0A70']);
  });

  it('makes the server refuse a replayed or altered signed request', async () => {
    const { code } = await issueEnrollmentCode(server.app.services.venues, venueId, 24, server.clock.now);
    await uploader(code).runOnce();
    engine.ingest(visit('E376E0B409BCE18ECF5F2ED4'));
    engine.flush();
    const captured: { url: string; init: Parameters<FetchFn>[1] }[] = [];
    const recording: FetchFn = async (url, init) => {
      captured.push({ url, init });
      return fetch(url, init);
    };
    await uploader(null, recording).runOnce();
    const post = captured.find((c) => c.init.method === 'POST')!;
    const replay = await fetch(post.url, { method: 'POST', headers: post.init.headers, body: post.init.body! });
    expect(replay.status).toBe(401);
    const altered = await fetch(post.url, {
      method: 'POST',
      headers: { ...post.init.headers, 'x-kiosk-timestamp': String(server.clock.now + 1) },
      body: post.init.body!,
    });
    expect(altered.status).toBe(401);
    expect(await uploadedIds()).toEqual(['E376E0B409BCE18ECF5F2ED4']);
  });
});
