// Migrations from empty, retention purge, install-rate aggregates, fleet health, the CLI's
// dev-setup and the OpenAPI document, on every available database.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registeredRoutes } from '../../fixtures/route-recorder.js';
import { BACKENDS, createTestDatabase } from './helpers/backends.js';
import { bearer, createUser, createVenue, emptyBatch, enrollKiosk, signedInject, startTestServer, type TestServer } from './helpers/test-server.js';
import { migrateToLatest } from '../../../src-server/db/database.js';
import { migrationProvider } from '../../../src-server/db/migrations/index.js';
import { createServices } from '../../../src-server/services.js';
import { loadConfig } from '../../../src-server/config.js';
import { devSetup, DEMO_VENUE, CliError, createAdmin, registerVenue } from '../../../src-server/cli-commands.js';
import { slotOf } from '../../../shared/domain/slots.js';

vi.mock('fastify', async (importOriginal) => (await import('../../fixtures/route-recorder.js')).recordingFastify(await importOriginal()));

describe.each(BACKENDS)('operations on %s', (backend) => {
  it('migrates an empty database to the latest schema, and again is a no-op', async () => {
    const db = await createTestDatabase(backend, false);
    try {
      expect(await migrateToLatest(db.handle)).toEqual(Object.keys(await migrationProvider.getMigrations()).sort());
      expect(await migrateToLatest(db.handle)).toEqual([]);
      const tables = await db.handle.db.introspection.getTables();
      const names = tables.map((t) => t.name);
      for (const t of ['encounters', 'slot_keys', 'attendance', 'exposures', 'audit_log', 'feed_batches', 'seen_signatures', 'venue_days']) expect(names).toContain(t);
      const enc = tables.find((t) => t.name === 'encounters')!;
      expect(enc.columns.map((c) => c.name)).toContain('day');
    } finally {
      await db.drop();
    }
  });

  it('dev-setup is idempotent: one admin, one demo venue, a fresh code each time that enrolls', async () => {
    const db = await createTestDatabase(backend, false);
    try {
      const s = createServices(loadConfig({ BZ_SERVER_DATA_DIR: ':memory:' }), db.handle);
      const a = await devSetup(s, 'dev-password-1');
      const b = await devSetup(s, 'dev-password-2');
      expect(b.venue_id).toBe(a.venue_id);
      expect(b.enrollment_code).not.toBe(a.enrollment_code);
      expect(b.enrollment_code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
      const venues = await s.venues.list({});
      expect(venues).toEqual([expect.objectContaining({ ...DEMO_VENUE, id: a.venue_id })]);
      // One admin and one demo login per official role, created once, not twice.
      expect((await s.users.list()).map((u) => [u.username, u.role]).sort()).toEqual([
        ['admin', 'admin'],
        ['demo-health', 'health_official'],
        ['demo-ict', 'ict_officer'],
        ['demo-venue', 'venue_manager'],
      ]);
      const { verifyPassword } = await import('../../../src-server/auth/password.js');
      // The second run's password is the one that works, for the admin and the demo logins.
      for (const name of ['admin', 'demo-health']) {
        const u = await s.users.findByUsername(name);
        expect(await verifyPassword('dev-password-2', u!.password_hash)).toBe(true);
      }
      await expect(createAdmin(s, 'admin', 'another-password')).rejects.toThrowError(CliError);
      await expect(createAdmin(s, 'x', 'short')).rejects.toThrowError(/at least 10/);
      await expect(registerVenue(s, { ...DEMO_VENUE, kind: 'casino' })).rejects.toThrowError(/kind/);
    } finally {
      await db.drop();
    }
  });

  it('rate-limits logins per client with 429 rate_limited', async () => {
    const s = await startTestServer(backend, { BZ_LOGIN_RATE_LIMIT_PER_MIN: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        codes.push((await s.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'nobody', password: 'whatever-123' } })).statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const r = await s.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'nobody', password: 'whatever-123' } });
      expect(r.json().error.code).toBe('rate_limited');
    } finally {
      await s.close();
    }
  });

  describe('with a running app', () => {
    let s: TestServer;
    beforeEach(async () => {
      s = await startTestServer(backend);
    });
    afterEach(async () => s.close());

    it('purges encounters, slot keys, attendance and F0 data older than the retention window', async () => {
      const venue = await createVenue(s, 'Bệnh viện Bạch Mai', 'Hà Nội', 'Đống Đa', 'Phương Mai');
      const kiosk = await enrollKiosk(s, venue);
      const now = slotOf(s.clock.now);
      // Uploaded while within retention (older slots are refused), then the clock moves 2 days:
      // 22 and 20 days old at purge time.
      const old = now - 20 * 96;
      const recent = now - 18 * 96;
      const rows = (slot: number, id: string) => ({
        encounters: [{ visitor_id: id, protocol: 'bluezone_android' as const, slot, first_seen_min: slot * 15, last_seen_min: slot * 15 + 1, distance: 'near' as const, checked_in: false }],
        slot_keys: [{ slot, key: 'AB'.repeat(32) }],
        attendance: [{ slot, bluezone_devices: 1, gaen_devices: 0, arrivals: 1, no_app: 0, helped_install: 0 }],
      });
      for (const [slot, id] of [
        [old, 'A00000000000000000000001'],
        [recent, 'A00000000000000000000002'],
      ] as const) {
        s.clock.now += 1;
        expect((await signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', { ...emptyBatch(randomUUID(), s.clock.now), ...rows(slot, id) })).statusCode).toBe(200);
      }
      const published = (slot: number) => ({ kiosk_id: kiosk.id, venue_id: venue, slot, day: Math.floor(slot / 96), feed_batch_id: 'b', published_at: 0 });
      await s.app.services.database.db.insertInto('feed_entries').values([published(old), published(recent)]).execute();
      s.clock.now += 2 * 86_400_000;
      const r = await s.app.services.retention.purge(s.clock.now, 21);
      expect(r).toMatchObject({ encounters: 1, slot_keys: 1, attendance: 1, feed_entries: 1 });
      const left = await s.app.services.database.db.selectFrom('encounters').select('visitor_id').execute();
      expect(left).toEqual([{ visitor_id: 'A00000000000000000000002' }]);
      expect((await s.app.services.retention.purge(s.clock.now, 21)).encounters).toBe(0);
      // configurable: a 7-day policy removes the 20-day-old rows too
      expect((await s.app.services.retention.purge(s.clock.now, 7)).encounters).toBe(1);
    });

    it('ranks install rates per venue, district and province from uploaded attendance', async () => {
      const a = await createVenue(s, 'A', 'Hà Nội', 'Hoàn Kiếm', 'Hàng Bạc');
      const b = await createVenue(s, 'B', 'Hà Nội', 'Đống Đa', 'Kim Liên');
      const ka = await enrollKiosk(s, a);
      const kb = await enrollKiosk(s, b);
      const slot = slotOf(s.clock.now) - 1;
      const att = (arrivals: number, noApp: number) => ({ attendance: [{ slot, bluezone_devices: arrivals, gaen_devices: 0, arrivals, no_app: noApp, helped_install: 1 }] });
      await signedInject(s, ka, 'POST', '/v1/kiosk/batches', { ...emptyBatch(randomUUID(), s.clock.now), ...att(9, 1) });
      await signedInject(s, kb, 'POST', '/v1/kiosk/batches', { ...emptyBatch(randomUUID(), s.clock.now), ...att(1, 3) });
      const ict = await createUser(s, 'ict', 'ict_officer', { province: 'Hà Nội' });
      const venues = (await s.app.inject({ method: 'GET', url: '/v1/stats/install-rate?level=venue', headers: bearer(ict) })).json();
      expect(venues.rows.map((r: { key: string; install_rate: number; rank: number }) => [r.key, r.install_rate, r.rank])).toEqual([
        [a, 0.9, 1],
        [b, 0.25, 2],
      ]);
      expect(venues.method).toContain('no_app');
      const prov = (await s.app.inject({ method: 'GET', url: '/v1/stats/install-rate?level=province', headers: bearer(ict) })).json();
      expect(prov.rows).toEqual([expect.objectContaining({ key: 'Hà Nội', bluezone_entrants: 10, no_app: 4, helped_install: 2, install_rate: 0.7143 })]);
      const dist = (await s.app.inject({ method: 'GET', url: '/v1/stats/install-rate?level=district', headers: bearer(ict) })).json();
      expect(dist.rows.map((r: { name: string }) => r.name)).toEqual(['Hoàn Kiếm', 'Đống Đa']);
      const manager = await createUser(s, 'mgr', 'venue_manager', { venueIds: [b] });
      const day = new Date(s.clock.now).toISOString().slice(0, 10);
      const mine = (await s.app.inject({ method: 'GET', url: `/v1/venues/${b}/attendance?from=${day}&to=${day}`, headers: bearer(manager) })).json();
      expect(mine.days).toEqual([{ day, bluezone_devices_peak: 1, arrivals: 1, no_app: 3, helped_install: 1, install_rate: 0.25 }]);
    });

    it('reports kiosks not heard from for over an hour as offline', async () => {
      const v = await createVenue(s, 'Chợ Hôm');
      const k1 = await enrollKiosk(s, v);
      const k2 = await enrollKiosk(s, v);
      s.clock.now += 2 * 3_600_000;
      await signedInject(s, k2, 'POST', '/v1/kiosk/batches', { ...emptyBatch(randomUUID(), s.clock.now), heartbeat: { version: '2.0', radio_state: 'powered_off', clock_synced: false, queue_depth: 7, free_disk_mb: 50, sent_at: s.clock.now } });
      const admin = await createUser(s, 'admin', 'admin');
      const fleet = (await s.app.inject({ method: 'GET', url: '/v1/fleet', headers: bearer(admin) })).json();
      const byId = Object.fromEntries(fleet.kiosks.map((k: { id: string }) => [k.id, k]));
      expect(byId[k1.id]).toMatchObject({ offline: true });
      expect(byId[k2.id]).toMatchObject({ offline: false, version: '2.0', radio_state: 'powered_off', clock_synced: false, queue_depth: 7 });
      const offline = (await s.app.inject({ method: 'GET', url: '/v1/fleet?offline_only=true', headers: bearer(admin) })).json();
      expect(offline.kiosks.map((k: { id: string }) => k.id)).toEqual([k1.id]);
    });

    it('serves an OpenAPI document covering every registered route with its error body', async () => {
      const doc = (await s.app.inject({ method: 'GET', url: '/openapi.json' })).json();
      expect(doc.openapi).toMatch(/^3\./);
      // Every route the app registered, not a hand list: a route added later is checked too.
      const routes = registeredRoutes(s.app).filter((r) => r.schema.hide !== true);
      expect(routes.length).toBeGreaterThanOrEqual(30);
      const missing: string[] = [];
      for (const r of routes) {
        const path = r.url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
        const op = doc.paths[path]?.[r.method.toLowerCase()];
        if (op === undefined) missing.push(`${r.method} ${path}: not documented`);
        else if (op.responses?.['4XX'] === undefined) missing.push(`${r.method} ${path}: no 4XX error body`);
        else if (r.schema.body !== undefined && op.requestBody === undefined) missing.push(`${r.method} ${path}: body not documented`);
      }
      expect(missing).toEqual([]);
    });

    it('answers health checks with the database in use', async () => {
      const r = await s.app.inject({ method: 'GET', url: '/healthz' });
      expect(r.json()).toEqual({ ok: true, database: backend, version: expect.any(String) });
    });
  });
});
