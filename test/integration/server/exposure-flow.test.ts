// F0 intake and exposure engine on real-format data built from the verified vectors of
// docs/protocol.md (test vectors) (key 4C5224B3…, time_start 1596844800, slot IDs 23–27), through
// publication (signed feed), venue notice, close, export and audit.
import { randomUUID, verify, createPublicKey } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from './helpers/backends.js';
import { bearer, createUser, createVenue, emptyBatch, enrollKiosk, signedHeaders, signedInject, startTestServer, type TestKiosk, type TestServer } from './helpers/test-server.js';
import { formatTraceLine } from '../../../shared/protocol/bluezone-trace.js';
import { kioskBroadcastId } from '../../../shared/protocol/bluezone-infof.js';
import { androidCheckContactF, iosCheckContactF } from '../../fixtures/bluezone-phone-loop.js';
import type { EncounterRecord } from '../../../shared/api/kiosk-upload.js';

const KEY_A = '4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084';
const T0 = 1596844800;
const S0 = (T0 * 1000) / 900_000; // global slot of 2020-08-08 00:00 UTC
const ID = { 23: 'B9A665D754FE65E665D76A45', 24: '3AA8DFC0A15682B27216FC31', 25: 'B9A232358A6C89E7A00B673C', 26: 'C5DAD2EC90AFFA065D1E0A70', 27: 'E376E0B409BCE18ECF5F2ED4' } as const;
const KIOSK2_KEY = '1111111111111111111111111111111111111111111111111111111111111111';
const PEER = '7C3DEC4246EA6F90E38EA254';

function enc(visitor: string, slot: number, over: Partial<EncounterRecord> = {}): EncounterRecord {
  return { visitor_id: visitor, protocol: 'bluezone_android', slot, first_seen_min: slot * 15 + 1, last_seen_min: slot * 15 + 6, distance: 'mid', checked_in: false, ...over };
}

describe.each(BACKENDS)('F0 intake and exposures on %s', (backend) => {
  let s: TestServer;
  let official: string;
  let v1: string;
  let v2: string;
  let k1: TestKiosk;
  let k2: TestKiosk;

  async function upload(k: TestKiosk, body: Partial<ReturnType<typeof emptyBatch>>) {
    s.clock.now += 7;
    const r = await signedInject(s, k, 'POST', '/v1/kiosk/batches', { ...emptyBatch(randomUUID(), s.clock.now), ...body });
    expect(r.statusCode, r.body).toBe(200);
  }

  const infoF = { base_id: KEY_A, time: T0, daily_key: KEY_A, time_start: T0 };
  const window = { infectious_from_s: T0, infectious_to_s: T0 + 86_399 };

  beforeEach(async () => {
    s = await startTestServer(backend);
    s.clock.now = Date.UTC(2020, 7, 9, 12); // the day after the capture
    official = await createUser(s, 'cdc-hanoi', 'health_official', { province: 'Hà Nội' });
    v1 = await createVenue(s, 'Quán Cà Phê Hoa Sen');
    v2 = await createVenue(s, 'Nhà sách Tràng Tiền', 'Hà Nội', 'Hoàn Kiếm', 'Tràng Tiền');
    k1 = await enrollKiosk(s, v1);
    k2 = await enrollKiosk(s, v2);
    // Kiosk 1 saw the F0 in slot 23 (near, checked in), the slot-25 ID only in slot 26
    // (a phone lagging over the boundary: must match), the slot-27 ID two slots late (must not).
    await upload(k1, {
      encounters: [
        enc(ID[23], S0 + 23, { distance: 'near', checked_in: true, first_seen_min: (S0 + 23) * 15 + 2, last_seen_min: (S0 + 23) * 15 + 14 }),
        enc(ID[25], S0 + 26, { first_seen_min: (S0 + 26) * 15, last_seen_min: (S0 + 26) * 15 }),
        enc(ID[27], S0 + 29),
        enc('A00000000000000000000001', S0 + 23),
        enc('A00000000000000000000002', S0 + 23),
        enc('A00000000000000000000003', S0 + 23, { protocol: 'bluezone_ios' }),
        enc('A00000000000000000000004', S0 + 26),
        enc('A00000000000000000000005', S0 + 40),
      ],
      slot_keys: [23, 24, 25, 26].map((i) => ({ slot: S0 + i, key: (i.toString(16).toUpperCase().padStart(2, '0')).repeat(32) })),
    });
    // Kiosk 2 never saw the F0, but the F0's phone logged kiosk 2's broadcast ID in slot 24.
    await upload(k2, { slot_keys: [{ slot: S0 + 24, key: KIOSK2_KEY }] });
  });
  afterEach(async () => s.close());

  function history(): string {
    const kioskId = kioskBroadcastId(KIOSK2_KEY);
    return [
      formatTraceLine(ID[23], PEER, -74, 1596866191387),
      formatTraceLine(ID[24], kioskId, -58, 1596866588130),
      // iOS writes seconds: the same kiosk again, later in slot 24
      formatTraceLine(ID[24], kioskId, -85, 1596867000),
      formatTraceLine(ID[24], '', -90, 1596866600000),
    ].join('\n') + '\n';
  }

  it('finds the venue the kiosk saw the F0 at (±1 slot) and the venue whose kiosk the F0 saw', async () => {
    const r = await s.app.inject({
      method: 'POST',
      url: '/v1/f0-cases',
      headers: bearer(official),
      payload: { reference: 'BN-1234', province: 'Hà Nội', ...window, info_f: infoF, history: history() },
    });
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json();
    expect(body.ids_derived).toBe(96);
    expect(body.history_rows).toBe(4);
    expect(body.history_contacts).toBe(2);
    const byVenue = Object.fromEntries(body.exposures.map((e: { venue: { id: string } }) => [e.venue.id, e]));
    expect(byVenue[v1]).toMatchObject({
      first_slot: S0 + 23,
      last_slot: S0 + 26,
      slot_count: 2,
      closest_distance: 'near',
      dwell_minutes: 13 + 1,
      co_present_devices: 3,
      source: 'encounters',
      status: 'new',
      start: (S0 + 23) * 900_000,
      end: (S0 + 27) * 900_000,
    });
    expect(byVenue[v2]).toMatchObject({ first_slot: S0 + 24, last_slot: S0 + 24, closest_distance: 'near', source: 'history', co_present_devices: 0 });
    expect(body.exposures).toHaveLength(2);
  });

  it('recomputes idempotently when more data arrives (F0 data or later kiosk uploads)', async () => {
    const created = await s.app.inject({ method: 'POST', url: '/v1/f0-cases', headers: bearer(official), payload: { reference: 'BN-1', province: 'Hà Nội', ...window, info_f: infoF } });
    expect(created.statusCode).toBe(201);
    const caseId = created.json().case.id;
    expect(created.json().exposures.map((e: { venue: { id: string } }) => e.venue.id)).toEqual([v1]);
    // more F0 data: the history adds venue 2; re-sending it changes nothing further
    for (let i = 0; i < 2; i += 1) {
      const more = await s.app.inject({ method: 'POST', url: `/v1/f0-cases/${caseId}/data`, headers: bearer(official), payload: { history: history() } });
      expect(more.statusCode, more.body).toBe(200);
      expect(more.json().exposures).toHaveLength(2);
    }
    // a third kiosk uploads days late: its sighting of the slot-27 ID creates a new exposure
    const v3 = await createVenue(s, 'Bến xe Giáp Bát', 'Hà Nội', 'Hoàng Mai', 'Giáp Bát');
    const k3 = await enrollKiosk(s, v3);
    await upload(k3, { encounters: [enc(ID[27], S0 + 27, { distance: 'far' })] });
    const list = await s.app.inject({ method: 'GET', url: `/v1/f0-cases/${caseId}/exposures`, headers: bearer(official) });
    const exps = list.json().exposures as { venue: { id: string }; closest_distance: string }[];
    expect(exps.map((e) => e.venue.id).sort()).toEqual([v1, v2, v3].sort());
    expect(exps.find((e) => e.venue.id === v3)?.closest_distance).toBe('far');
    const n = await s.app.services.database.db.selectFrom('exposures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3);
  });

  it('answers uploads before their recompute, and recomputes each waiting case once however many uploads asked', async () => {
    const caseA = (await s.app.inject({ method: 'POST', url: '/v1/f0-cases', headers: bearer(official), payload: { reference: 'BN-A', province: 'Hà Nội', ...window, info_f: infoF } })).json().case.id as string;
    const caseB = (await s.app.inject({ method: 'POST', url: '/v1/f0-cases', headers: bearer(official), payload: { reference: 'BN-B', province: 'Hà Nội', ...window, info_f: infoF } })).json().case.id as string;
    const engine = s.app.services.engine;
    const real = engine.recompute.bind(engine);
    const calls: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    engine.recompute = async (id: string) => {
      calls.push(id);
      await gate;
      return real(id);
    };
    try {
      const v3 = await createVenue(s, 'Bến xe Giáp Bát', 'Hà Nội', 'Hoàng Mai', 'Giáp Bát');
      const k3 = await enrollKiosk(s, v3);
      // Ten uploads while the first recompute cannot finish: every one is answered.
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => {
          const batch = { ...emptyBatch(randomUUID(), s.clock.now), encounters: [enc(i === 0 ? ID[27] : `A0000000000000000000010${i}`, S0 + 27)] };
          return s.app.inject({ method: 'POST', url: '/v1/kiosk/batches', headers: signedHeaders(k3, 'POST', '/v1/kiosk/batches', JSON.stringify(batch), s.clock.now), payload: JSON.stringify(batch) });
        }),
      );
      expect(answers.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
      expect(calls).toHaveLength(1);
      open();
      await engine.settled();
      // Case A was under way when the uploads came, so it runs once more; case B was still
      // waiting and runs once: three recomputes for ten uploads, not twenty.
      expect(calls.filter((c) => c === caseA)).toHaveLength(2);
      expect(calls.filter((c) => c === caseB)).toHaveLength(1);
      const list = await s.app.inject({ method: 'GET', url: `/v1/f0-cases/${caseA}/exposures`, headers: bearer(official) });
      expect(list.json().exposures.map((e: { venue: { id: string } }) => e.venue.id)).toContain(v3);
    } finally {
      open();
      engine.recompute = real;
    }
  });

  it('matches on daily-key entries as pushed to phones, and on history alone', async () => {
    const viaEntries = await s.app.inject({
      method: 'POST',
      url: '/v1/f0-cases',
      headers: bearer(official),
      payload: { reference: 'E', province: 'Hà Nội', ...window, daily_keys: [{ daily_key: KEY_A, time_start: T0, time_end: T0 + 86_400, max: 96 }] },
    });
    expect(viaEntries.json().exposures.map((e: { venue: { id: string } }) => e.venue.id)).toEqual([v1]);
    // history alone: its own-ID column identifies the F0 in slot 23 and 24
    const viaHistory = await s.app.inject({ method: 'POST', url: '/v1/f0-cases', headers: bearer(official), payload: { reference: 'H', province: 'Hà Nội', ...window, history: history() } });
    const exps = viaHistory.json().exposures as { venue: { id: string }; source: string; first_slot: number; last_slot: number }[];
    expect(exps.find((e) => e.venue.id === v1)).toMatchObject({ first_slot: S0 + 23, last_slot: S0 + 23, source: 'encounters' });
    expect(exps.find((e) => e.venue.id === v2)).toMatchObject({ source: 'history' });
  });

  it('excludes sightings outside the infectious window and two slots off', async () => {
    const r = await s.app.inject({
      method: 'POST',
      url: '/v1/f0-cases',
      headers: bearer(official),
      payload: { reference: 'W', province: 'Hà Nội', infectious_from_s: T0 + 24 * 900, infectious_to_s: T0 + 25 * 900 - 1, info_f: infoF },
    });
    // Only the slot-24 ID is in the window; the kiosk saw slot-23 ID at 23 (±1 of 24? no: the
    // ID of slot 23 is not in the F0's window IDs) — nothing at venue 1 matches slot 24's ID.
    expect(r.json().exposures).toEqual([]);
  });

  it('rejects malformed or truncated history line by line, writing nothing', async () => {
    const bad = history() + `${ID[25]}\t${PEER}\t-70\n${ID[25]}\tNOTHEX\t-70\t1596867559031\n`;
    const r = await s.app.inject({ method: 'POST', url: '/v1/f0-cases', headers: bearer(official), payload: { reference: 'X', province: 'Hà Nội', ...window, info_f: infoF, history: bad } });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('f0_data_malformed');
    expect(r.json().error.details.problems).toEqual([
      expect.objectContaining({ source: 'history', line: 5, code: 'field_count' }),
      expect.objectContaining({ source: 'history', line: 6, code: 'contact_id_invalid' }),
    ]);
    const badKey = await s.app.inject({ method: 'POST', url: '/v1/f0-cases', headers: bearer(official), payload: { reference: 'X', province: 'Hà Nội', ...window, daily_keys: [{ daily_key: KEY_A, time_start: T0 + 7, time_end: T0 + 900, max: 96 }] } });
    expect(badKey.statusCode).toBe(422);
    expect(badKey.json().error.details.problems[0]).toMatchObject({ source: 'daily_keys', index: 0, code: 'time_invalid' });
    const nothing = await s.app.inject({ method: 'POST', url: '/v1/f0-cases', headers: bearer(official), payload: { reference: 'X', province: 'Hà Nội', ...window } });
    expect(nothing.statusCode).toBe(422);
    const db = s.app.services.database.db;
    for (const t of ['f0_cases', 'f0_ids', 'f0_contacts', 'exposures'] as const) {
      const n = await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(n.n), t).toBe(0);
    }
    const tooLong = await s.app.inject({ method: 'POST', url: '/v1/f0-cases', headers: bearer(official), payload: { reference: 'X', province: 'Hà Nội', infectious_from_s: T0 - 30 * 86_400, infectious_to_s: T0, info_f: infoF } });
    expect(tooLong.json().error.code).toBe('window_too_long');
  });

  it('publishes a signed feed, notifies the venue, closes, exports and audits', async () => {
    const created = await s.app.inject({ method: 'POST', url: '/v1/f0-cases', headers: bearer(official), payload: { reference: 'BN-9', province: 'Hà Nội', ...window, info_f: infoF } });
    const exp = created.json().exposures[0] as { id: string; first_slot: number; last_slot: number };
    const nv = await s.app.inject({ method: 'POST', url: `/v1/exposures/${exp.id}/notify-visitors`, headers: bearer(official) });
    expect(nv.statusCode, nv.body).toBe(200);
    expect(nv.json()).toMatchObject({ entries: 4, exposure: { status: 'visitors_notified' } });
    const batchId = nv.json().feed_batch_id as string;

    const index = await s.app.inject({ method: 'GET', url: '/v1/feed/index.json' });
    const keys = (await s.app.inject({ method: 'GET', url: '/v1/feed/keys.json' })).json().keys as { key_id: string; public_key: string }[];
    const pub = (id: string) => createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(keys.find((k) => k.key_id === id)!.public_key, 'base64')]), format: 'der', type: 'spki' });
    const checkSig = (res: typeof index) => verify(null, Buffer.from(res.body), pub(String(res.headers['x-feed-key-id'])), Buffer.from(String(res.headers['x-feed-signature']), 'base64'));
    expect(checkSig(index)).toBe(true);
    expect(index.json().batches).toEqual([expect.objectContaining({ id: batchId, url: `/v1/feed/${batchId}.json`, entries: 4 })]);
    const file = await s.app.inject({ method: 'GET', url: `/v1/feed/${batchId}.json` });
    expect(file.statusCode).toBe(200);
    expect(checkSig(file)).toBe(true);
    expect(file.headers['cache-control']).toContain('immutable');
    const data = file.json().data as { daily_key: string; time_start: number; time_end: number; max: number }[];
    expect(data[0]).toEqual({ daily_key: '17'.repeat(32), time_start: T0 + 23 * 900 - 90, time_end: T0 + 24 * 900 + 89, max: 80 });
    // A phone that logged the kiosk's broadcast ID in that slot is alerted, on both platforms.
    const logged = [{ id: kioskBroadcastId('17'.repeat(32)), atMs: (T0 + 23 * 900 + 60) * 1000 }];
    expect(androidCheckContactF(data[0]!, logged).matched).toBe(true);
    expect(iosCheckContactF(data[0]!, logged).matched).toBe(true);
    const tampered = Buffer.from(file.body.replace('"max":80', '"max":79'));
    expect(verify(null, tampered, pub(String(file.headers['x-feed-key-id'])), Buffer.from(String(file.headers['x-feed-signature']), 'base64'))).toBe(false);

    const nvenue = await s.app.inject({ method: 'POST', url: `/v1/exposures/${exp.id}/notify-venue`, headers: bearer(official) });
    expect(nvenue.statusCode).toBe(200);
    expect(nvenue.json().exposure.status).toBe('visitors_notified'); // publication decides it, not the last action
    const notices = (await signedInject(s, k1, 'GET', '/v1/kiosk/notices')).json().notices;
    expect(notices).toEqual([expect.objectContaining({ kind: 'exposure', first_slot: exp.first_slot, last_slot: exp.last_slot })]);
    expect(notices[0].message_vi).toContain('F0');

    const csv = await s.app.inject({ method: 'GET', url: '/v1/exposures/export.csv?province=H%C3%A0%20N%E1%BB%99i', headers: bearer(official) });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toMatch(/^exposure_id,case_id,venue_id,venue_name/);
    expect(csv.body).toContain('Quán Cà Phê Hoa Sen');

    const closed = await s.app.inject({ method: 'POST', url: `/v1/exposures/${exp.id}/close`, headers: bearer(official) });
    expect(closed.json().status).toBe('closed');
    const after = await s.app.inject({ method: 'POST', url: `/v1/exposures/${exp.id}/notify-visitors`, headers: bearer(official) });
    expect(after.statusCode).toBe(409);
    expect(after.json().error.code).toBe('exposure_closed');
    const filtered = await s.app.inject({ method: 'GET', url: '/v1/exposures?status=closed&from=2020-08-08&to=2020-08-08', headers: bearer(official) });
    expect(filtered.json().exposures).toHaveLength(1);

    const admin = await createUser(s, 'root', 'admin');
    const audit = (await s.app.inject({ method: 'GET', url: '/v1/audit?limit=100', headers: bearer(admin) })).json().entries as { action: string; username: string }[];
    const actions = audit.map((a) => a.action);
    for (const a of ['f0.create', 'exposure.notify_visitors', 'exposure.notify_venue', 'exposures.export', 'exposure.close', 'exposures.list']) expect(actions).toContain(a);
    expect(audit.every((a) => a.username === 'cdc-hanoi')).toBe(true);
  });
});
