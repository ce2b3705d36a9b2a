// Logs carry no secrets or full identifiers; BZ_FEED_DIR receives signed feed files.
import { publishedSlotEntry } from '../../../shared/protocol/kiosk-slot-key.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src-server/app.js';
import { loadConfig } from '../../../src-server/config.js';
import { loggerOptions } from '../../../src-server/http/logging.js';
import { startRetentionJob } from '../../../src-server/retention-job.js';
import { createTestDatabase, type TestDatabase } from './helpers/backends.js';
import { enrollKiosk, emptyBatch, signedHeaders, createVenue, login, type TestServer } from './helpers/test-server.js';
import { hashPassword } from '../../../src-server/auth/password.js';

describe('logging, feed files and the retention job (SQLite)', () => {
  let db: TestDatabase;
  let dir: string | null = null;
  afterEach(async () => {
    await db.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('never writes bearer tokens, passwords, signatures or full IPs to the log', async () => {
    db = await createTestDatabase('sqlite');
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const config = loadConfig({ BZ_SERVER_DATA_DIR: ':memory:', BZ_LOG_LEVEL: 'debug' });
    const clock = { now: Date.UTC(2026, 10, 20, 10) };
    const app = await buildApp({ config, database: db.handle, now: () => clock.now, logger: { ...(loggerOptions('debug') as object), stream } });
    const s = { app, db, clock, close: async () => app.close() } as TestServer;
    await app.services.users.create({ username: 'admin', passwordHash: await hashPassword('admin-password'), role: 'admin', province: null, venueIds: [] }, clock.now);
    const token = await login(s, 'admin', 'admin-password');
    await app.inject({ method: 'GET', url: '/v1/venues', headers: { authorization: `Bearer ${token}` }, remoteAddress: '203.0.113.77' });
    const kiosk = await enrollKiosk(s, await createVenue(s, 'Quán Cà Phê Hoa Sen'));
    const raw = JSON.stringify(emptyBatch(randomUUID(), clock.now));
    const headers = signedHeaders(kiosk, 'POST', '/v1/kiosk/batches', raw, clock.now);
    const r = await app.inject({ method: 'POST', url: '/v1/kiosk/batches', headers, payload: raw });
    expect(r.statusCode).toBe(200);
    await app.close();
    const log = lines.join('');
    expect(log).toContain('"path":"/v1/venues"');
    expect(log).not.toContain(token);
    expect(log).not.toContain('admin-password');
    expect(log).not.toContain(headers['x-kiosk-signature']!);
    expect(log).not.toContain(kiosk.id);
    expect(log).not.toContain('203.0.113.77');
    expect(log).toContain('203.0.x.x');
  });

  it('writes each published batch, its signature and the index to BZ_FEED_DIR atomically', async () => {
    db = await createTestDatabase('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'bz-feed-'));
    const app = await buildApp({ config: loadConfig({ BZ_SERVER_DATA_DIR: ':memory:', BZ_FEED_DIR: dir }), database: db.handle, logger: false });
    const published = await app.services.publisher.publishMissing('exposure-1', 'venue-1', [{ kiosk_id: 'kiosk-1', slot: 1774295, key_hex: 'AB'.repeat(32), feed_batch_id: null, published_at: null }]);
    const batch = published!;
    const file = JSON.parse(readFileSync(join(dir, `${batch.id}.json`), 'utf8'));
    expect(file.data).toEqual([publishedSlotEntry(1774295, 'AB'.repeat(32))]);
    const sig = JSON.parse(readFileSync(join(dir, `${batch.id}.json.sig`), 'utf8'));
    expect(sig.key_id).toBe(file.key_id);
    const served = await app.inject({ method: 'GET', url: `/v1/feed/${batch.id}.json` });
    expect(served.body).toBe(readFileSync(join(dir, `${batch.id}.json`), 'utf8'));
    expect(served.headers['x-feed-signature']).toBe(sig.signature);
    expect(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')).batches).toHaveLength(1);
    await app.close();
  });

  it('runs the retention purge at start-up', async () => {
    db = await createTestDatabase('sqlite');
    const now = Date.UTC(2026, 10, 20);
    const app = await buildApp({ config: loadConfig({ BZ_SERVER_DATA_DIR: ':memory:' }), database: db.handle, now: () => now, logger: false });
    await db.handle.db
      .insertInto('encounters')
      .values({ kiosk_id: 'k', venue_id: 'v', visitor_id: 'A'.repeat(24), slot: (now / 900_000) - 30 * 96, day: now / 86_400_000 - 30, protocol: 'bluezone_android', first_seen_min: 0, last_seen_min: 0, distance_rank: 0, checked_in: 0 })
      .execute();
    const job = startRetentionJob(app.services, app.log);
    await job.done;
    job.stop();
    const left = await db.handle.db.selectFrom('encounters').selectAll().execute();
    expect(left).toEqual([]);
    await app.close();
  });
});
