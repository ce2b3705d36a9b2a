// Kiosk enrollment, signed batches (idempotency, merge rules, nothing half-written) and
// notices, on every available database.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from './helpers/backends.js';
import { bearer, createUser, createVenue, emptyBatch, enrollKiosk, newKioskKeys, signedHeaders, signedInject, startTestServer, type TestKiosk, type TestServer } from './helpers/test-server.js';
import { issueEnrollmentCode } from '../../../src-server/enrollment.js';
import { slotOf } from '../../../shared/domain/slots.js';
import { MAX_CLOCK_SKEW_MS } from '../../../shared/api/request-signing.js';
import type { EncounterRecord } from '../../../shared/api/kiosk-upload.js';

const KEY = '4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084';

describe.each(BACKENDS)('kiosk upload on %s', (backend) => {
  let s: TestServer;
  let kiosk: TestKiosk;
  let venueId: string;
  let slot: number;

  beforeEach(async () => {
    s = await startTestServer(backend);
    venueId = await createVenue(s, 'Quán Cà Phê Hoa Sen');
    kiosk = await enrollKiosk(s, venueId);
    slot = slotOf(s.clock.now) - 2;
  });
  afterEach(async () => s.close());

  const enc = (visitor: string, over: Partial<EncounterRecord> = {}): EncounterRecord => ({
    visitor_id: visitor,
    protocol: 'bluezone_android',
    slot,
    first_seen_min: slot * 15 + 2,
    last_seen_min: slot * 15 + 5,
    distance: 'mid',
    checked_in: false,
    ...over,
  });

  async function count(table: 'encounters' | 'slot_keys' | 'attendance' | 'batches'): Promise<number> {
    const r = await s.app.services.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  it('enrolls once per code: a second use, an unknown or an expired code is refused', async () => {
    const { code } = await issueEnrollmentCode(s.app.services.venues, venueId, 1, s.clock.now);
    const keys = newKioskKeys();
    const first = await s.app.inject({ method: 'POST', url: '/v1/kiosk/enroll', payload: { code, public_key: keys.publicKeyB64, version: 'x' } });
    expect(first.statusCode).toBe(201);
    expect(first.json().venue).toMatchObject({ id: venueId, name: 'Quán Cà Phê Hoa Sen', province: 'Hà Nội' });
    const again = await s.app.inject({ method: 'POST', url: '/v1/kiosk/enroll', payload: { code, public_key: keys.publicKeyB64, version: 'x' } });
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('enrollment_code_used');
    const unknown = await s.app.inject({ method: 'POST', url: '/v1/kiosk/enroll', payload: { code: 'AAAA-BBBB-CCCC-DDDD', public_key: keys.publicKeyB64, version: 'x' } });
    expect(unknown.json().error.code).toBe('enrollment_code_unknown');
    const late = await issueEnrollmentCode(s.app.services.venues, venueId, 1, s.clock.now);
    s.clock.now += 2 * 3_600_000;
    const expired = await s.app.inject({ method: 'POST', url: '/v1/kiosk/enroll', payload: { code: late.code, public_key: keys.publicKeyB64, version: 'x' } });
    expect(expired.json().error.code).toBe('enrollment_code_expired');
  });

  it('stores a batch once: a retry is acknowledged with duplicate=true and nothing doubles', async () => {
    const batch = { ...emptyBatch(randomUUID(), s.clock.now), encounters: [enc('B9A665D754FE65E665D76A45'), enc('3AA8DFC0A15682B27216FC31')], slot_keys: [{ slot, key: KEY }] };
    const r1 = await signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', batch);
    expect(r1.statusCode).toBe(200);
    expect(r1.json()).toEqual({ batch_id: batch.batch_id, duplicate: false, accepted: { encounters: 2, slot_keys: 1, attendance: 0 } });
    s.clock.now += 1000; // a retry is a new signed request (new timestamp) with the same body
    const r2 = await signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', batch);
    expect(r2.statusCode).toBe(200);
    expect(r2.json()).toEqual({ batch_id: batch.batch_id, duplicate: true, accepted: { encounters: 2, slot_keys: 1, attendance: 0 } });
    expect(await count('encounters')).toBe(2);
    expect(await count('slot_keys')).toBe(1);
    expect(await count('batches')).toBe(1);
  });

  it('stores a batch once even when retries race each other', async () => {
    const batch = { ...emptyBatch(randomUUID(), s.clock.now), encounters: [enc('B9A665D754FE65E665D76A45'), enc('3AA8DFC0A15682B27216FC31')] };
    const acks = await Promise.all([0, 1, 2, 3, 4].map((i) => signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', batch, s.clock.now + i)));
    expect(acks.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(acks.filter((r) => r.json().duplicate === false)).toHaveLength(1);
    expect(acks.every((r) => r.json().accepted.encounters === 2)).toBe(true);
    expect(await count('encounters')).toBe(2);
    expect(await count('batches')).toBe(1);
  });

  it('merges encounters across batches: min first, max last, closest distance, OR of check-in', async () => {
    const id = 'B9A665D754FE65E665D76A45';
    const b1 = { ...emptyBatch(randomUUID(), s.clock.now), encounters: [enc(id, { first_seen_min: slot * 15 + 3, last_seen_min: slot * 15 + 4, distance: 'far', checked_in: true })] };
    const b2 = { ...emptyBatch(randomUUID(), s.clock.now), encounters: [enc(id, { first_seen_min: slot * 15 + 1, last_seen_min: slot * 15 + 3, distance: 'near', checked_in: false })] };
    const b3 = {
      ...emptyBatch(randomUUID(), s.clock.now),
      encounters: [enc(id, { first_seen_min: slot * 15 + 2, last_seen_min: slot * 15 + 9, distance: 'mid' }), enc(id, { first_seen_min: slot * 15 + 2, last_seen_min: slot * 15 + 10, distance: 'far' })],
      attendance: [{ slot, bluezone_devices: 3, gaen_devices: 0, arrivals: 2, no_app: 1, helped_install: 0 }],
    };
    for (const b of [b1, b2, b3]) {
      s.clock.now += 10;
      expect((await signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', b)).statusCode).toBe(200);
    }
    const b4 = { ...emptyBatch(randomUUID(), s.clock.now), attendance: [{ slot, bluezone_devices: 5, gaen_devices: 1, arrivals: 4, no_app: 2, helped_install: 1 }] };
    s.clock.now += 10;
    expect((await signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', b4)).statusCode).toBe(200);
    const rows = await s.app.services.database.db.selectFrom('encounters').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ first_seen_min: slot * 15 + 1, last_seen_min: slot * 15 + 10, distance_rank: 0, checked_in: 1, venue_id: venueId });
    const att = await s.app.services.database.db.selectFrom('attendance').selectAll().execute();
    expect(att).toHaveLength(1);
    expect(att[0]).toMatchObject({ bluezone_devices: 5, arrivals: 4, no_app: 2, helped_install: 1 });
    const k = await s.app.services.kiosks.get(kiosk.id);
    expect(k).toMatchObject({ radio_state: 'scanning', clock_synced: 1, last_seen_at: s.clock.now });
  });

  it('keeps the first key of a slot (insert-or-ignore)', async () => {
    const other = 'A'.repeat(64);
    for (const key of [KEY, other]) {
      s.clock.now += 10;
      await signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', { ...emptyBatch(randomUUID(), s.clock.now), slot_keys: [{ slot, key }] });
    }
    const rows = await s.app.services.database.db.selectFrom('slot_keys').selectAll().execute();
    expect(rows).toEqual([expect.objectContaining({ slot, key_hex: KEY, broadcast_id: '29ABD013B41C90269332AB5D' })]);
  });

  it('rejects bad signatures, stale timestamps, replays and unknown kiosks without storing', async () => {
    const batch = { ...emptyBatch(randomUUID(), s.clock.now), encounters: [enc('B9A665D754FE65E665D76A45')] };
    const raw = JSON.stringify(batch);
    const url = '/v1/kiosk/batches';
    const forged = { ...kiosk, privateKey: newKioskKeys().privateKey };
    const cases: [Record<string, string>, string][] = [
      [signedHeaders(forged, 'POST', url, raw, s.clock.now), 'signature_invalid'],
      [signedHeaders(kiosk, 'POST', url, raw + ' ', s.clock.now), 'signature_invalid'],
      [signedHeaders(kiosk, 'POST', '/v1/kiosk/notices', raw, s.clock.now), 'signature_invalid'],
      [signedHeaders(kiosk, 'POST', url, raw, s.clock.now - MAX_CLOCK_SKEW_MS - 1000), 'stale_timestamp'],
      [signedHeaders(kiosk, 'POST', url, raw, s.clock.now + MAX_CLOCK_SKEW_MS + 1000), 'stale_timestamp'],
      [{ ...signedHeaders(kiosk, 'POST', url, raw, s.clock.now), 'x-kiosk-id': randomUUID() }, 'unknown_kiosk'],
      [{ 'content-type': 'application/json' }, 'signature_missing'],
      [{ ...signedHeaders(kiosk, 'POST', url, raw, s.clock.now), 'x-kiosk-signature': 'abc' }, 'signature_invalid'],
    ];
    for (const [headers, code] of cases) {
      const r = await s.app.inject({ method: 'POST', url, headers, payload: raw });
      expect(r.statusCode, code).toBe(401);
      expect(r.json().error.code).toBe(code);
    }
    expect(await count('encounters')).toBe(0);
    const headers = signedHeaders(kiosk, 'POST', url, raw, s.clock.now);
    expect((await s.app.inject({ method: 'POST', url, headers, payload: raw })).statusCode).toBe(200);
    const replay = await s.app.inject({ method: 'POST', url, headers, payload: raw });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('replayed_request');
  });

  it('rejects invalid batches whole with stable codes, nothing half-written', async () => {
    const good = enc('B9A665D754FE65E665D76A45');
    const bad: [unknown, number, string][] = [
      [{ ...emptyBatch(randomUUID(), s.clock.now), encounters: [good, { ...good, visitor_id: 'b9a665d754fe65e665d76a45' }] }, 400, 'invalid_request'],
      [{ ...emptyBatch(randomUUID(), s.clock.now), encounters: [good, { ...good, slot: '5' }] }, 400, 'invalid_request'],
      [{ ...emptyBatch(randomUUID(), s.clock.now), extra: 1 }, 400, 'invalid_request'],
      [{ ...emptyBatch(randomUUID(), s.clock.now), encounters: [good, { ...good, extra: true }] }, 400, 'invalid_request'],
      [{ ...emptyBatch('not-a-uuid', s.clock.now) }, 400, 'invalid_request'],
      [{ ...emptyBatch(randomUUID(), s.clock.now), encounters: [good, { ...good, visitor_id: 'C'.repeat(24), first_seen_min: good.last_seen_min + 1 }] }, 422, 'batch_invalid'],
      [{ ...emptyBatch(randomUUID(), s.clock.now), encounters: [good, { ...good, visitor_id: 'C'.repeat(24), last_seen_min: slot * 15 + 20 }] }, 422, 'batch_invalid'],
      [{ ...emptyBatch(randomUUID(), s.clock.now), encounters: [good, { ...good, visitor_id: 'C'.repeat(32) }] }, 422, 'batch_invalid'],
      [{ ...emptyBatch(randomUUID(), s.clock.now), encounters: [good], slot_keys: [{ slot: slot + 100, key: KEY }] }, 422, 'batch_invalid'],
    ];
    for (const [body, status, code] of bad) {
      s.clock.now += 1;
      const r = await signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', body);
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json().error.code).toBe(code);
    }
    expect(await count('encounters')).toBe(0);
    expect(await count('slot_keys')).toBe(0);
    expect(await count('batches')).toBe(0);
    const notJson = await s.app.inject({ method: 'POST', url: '/v1/kiosk/batches', headers: signedHeaders(kiosk, 'POST', '/v1/kiosk/batches', '{"a":', s.clock.now + 5), payload: '{"a":' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('invalid_json');
  });

  it('refuses oversize bodies with 413 body_too_large', async () => {
    const big = JSON.stringify({ ...emptyBatch(randomUUID(), s.clock.now), pad: 'x'.repeat(5 * 1024 * 1024) });
    const r = await s.app.inject({ method: 'POST', url: '/v1/kiosk/batches', headers: signedHeaders(kiosk, 'POST', '/v1/kiosk/batches', big, s.clock.now), payload: big });
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe('body_too_large');
  });

  it('shows uploaded sightings to an admin and only counts to the venue manager', async () => {
    await signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', { ...emptyBatch(randomUUID(), s.clock.now), encounters: [enc('B9A665D754FE65E665D76A45', { distance: 'near', checked_in: true })] });
    const admin = await createUser(s, 'admin1', 'admin');
    const day = new Date(s.clock.now).toISOString().slice(0, 10);
    const r = await s.app.inject({ method: 'GET', url: `/v1/venues/${venueId}/encounters?day=${day}`, headers: bearer(admin) });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      venue_id: venueId,
      day,
      total: 1,
      counts_only: false,
      slots: [{ slot, devices: 1, near: 1, mid: 0, far: 0, checked_in: 1 }],
      encounters: [{ kiosk_id: kiosk.id, visitor_id: 'B9A665D754FE65E665D76A45', protocol: 'bluezone_android', slot, distance: 'near', checked_in: true }],
    });
    const manager = await createUser(s, 'manager1', 'venue_manager', { venueIds: [venueId] });
    const m = await s.app.inject({ method: 'GET', url: `/v1/venues/${venueId}/encounters?day=${day}`, headers: bearer(manager) });
    expect(m.json().counts_only).toBe(true);
    expect(m.json().encounters).toBeUndefined();
    expect(m.body).not.toContain('B9A665D754FE65E665D76A45');
  });

  it('delivers venue notices to the venue’s kiosk over a signed GET', async () => {
    await s.app.services.notices.create({ venue_id: venueId, exposure_id: null, kind: 'message', message_vi: 'Xin chào', message_en: 'Hello', first_slot: null, last_slot: null, created_at: s.clock.now });
    const r = await signedInject(s, kiosk, 'GET', '/v1/kiosk/notices');
    expect(r.statusCode).toBe(200);
    expect(r.json().notices).toEqual([expect.objectContaining({ kind: 'message', message_vi: 'Xin chào' })]);
    const other = await enrollKiosk(s, await createVenue(s, 'Chợ Đồng Xuân'));
    expect((await signedInject(s, other, 'GET', '/v1/kiosk/notices')).json().notices).toEqual([]);
  });
});
