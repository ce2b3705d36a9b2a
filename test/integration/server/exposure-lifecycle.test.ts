// The exposure lifecycle end to end on real-format data (docs/protocol.md test vectors):
// intake with a history report → exposure → more kiosk uploads → partial status → notify
// (only the new slots) → the kiosk fetches the venue notice and staff acknowledge it → the
// feed holds each kiosk slot key once. Plus referral of exposures to another province, the
// kiosk acknowledgement route's refusals, and the 005 migration's backfill of the feed.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS, createTestDatabase } from './helpers/backends.js';
import { bearer, createUser, createVenue, emptyBatch, enrollKiosk, signedInject, startTestServer, type TestKiosk, type TestServer } from './helpers/test-server.js';
import { formatTraceLine } from '../../../shared/protocol/bluezone-trace.js';
import { kioskBroadcastId } from '../../../shared/protocol/bluezone-infof.js';
import { migrateTo, migrateToLatest } from '../../../src-server/db/database.js';
import type { EncounterRecord, KioskBatch } from '../../../shared/api/kiosk-upload.js';
import type { Exposure, FeedBatchFile } from '../../../shared/api/server-api.js';

const KEY_A = '4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084';
const T0 = 1596844800;
const S0 = (T0 * 1000) / 900_000;
const ID = { 23: 'B9A665D754FE65E665D76A45', 24: '3AA8DFC0A15682B27216FC31', 25: 'B9A232358A6C89E7A00B673C' } as const;
const PEER = '7C3DEC4246EA6F90E38EA254';
const key = (i: number) => i.toString(16).toUpperCase().padStart(2, '0').repeat(32);

function enc(visitor: string, slot: number): EncounterRecord {
  return { visitor_id: visitor, protocol: 'bluezone_android', slot, first_seen_min: slot * 15 + 1, last_seen_min: slot * 15 + 9, distance: 'near', checked_in: false };
}

describe.each(BACKENDS)('exposure lifecycle on %s', (backend) => {
  let s: TestServer;
  let hanoi: string;
  let v1: string;
  let k1: TestKiosk;

  async function upload(k: TestKiosk, body: Partial<KioskBatch>) {
    s.clock.now += 7;
    const r = await signedInject(s, k, 'POST', '/v1/kiosk/batches', { ...emptyBatch(randomUUID(), s.clock.now), ...body });
    expect(r.statusCode, r.body).toBe(200);
  }
  const get = async (token: string, url: string) => s.app.inject({ method: 'GET', url, headers: bearer(token) });
  const post = async (token: string, url: string, payload?: unknown) =>
    s.app.inject({ method: 'POST', url, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeEach(async () => {
    s = await startTestServer(backend);
    s.clock.now = Date.UTC(2020, 7, 9, 12);
    hanoi = await createUser(s, 'cdc-hanoi', 'health_official', { province: 'Hà Nội' });
    v1 = await createVenue(s, 'Quán Cà Phê Hoa Sen');
    k1 = await enrollKiosk(s, v1);
  });
  afterEach(async () => s.close());

  it('follows one exposure from intake to acknowledged notice, publishing each slot once', async () => {
    await upload(k1, { encounters: [enc(ID[23], S0 + 23)], slot_keys: [23, 24].map((i) => ({ slot: S0 + i, key: key(i) })) });

    // Intake: history lines outside the window or of another phone are reported, not dropped silently.
    const history = [
      formatTraceLine(ID[23], PEER, -70, (S0 + 23) * 900_000 + 60_000),
      formatTraceLine(ID[23], PEER, -70, T0 * 1000 - 86_400_000), // the day before the window
      formatTraceLine('0123456789ABCDEF01234567', PEER, -70, (S0 + 23) * 900_000 + 90_000),
    ].join('\n');
    const created = await post(hanoi, '/v1/f0-cases', { reference: 'BN-77', province: 'Hà Nội', infectious_from_s: T0, infectious_to_s: T0 + 86_399, info_f: { daily_key: KEY_A, time_start: T0 }, history });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().history_report).toMatchObject({ lines: 3, used: 1, ignored: { before_window: 1, after_window: 0, unknown_own_id: 1 } });
    const caseId = created.json().case.id as string;
    let exp = created.json().exposures[0] as Exposure;
    expect(exp).toMatchObject({ first_slot: S0 + 23, last_slot: S0 + 23, status: 'new', referred_from: null });
    expect(exp.publication).toMatchObject({ published_slots: 0, unpublished_slots: 1, missing_key_slots: 0 });
    expect(exp.publication.ranges[0]).toMatchObject({ state: 'unpublished', start_iso: '2020-08-08T05:45:00.000Z', end_iso: '2020-08-08T06:00:00.000Z' });
    expect(exp.venue_notice.state).toBe('not_sent');

    // Notify visitors: one key; repeating it publishes nothing new.
    const n1 = await post(hanoi, `/v1/exposures/${exp.id}/notify-visitors`);
    expect(n1.json()).toMatchObject({ entries: 1, already_published: 0, exposure: { status: 'visitors_notified' } });
    expect((n1.json().exposure as Exposure).visitor_alert.windows).toEqual([
      expect.objectContaining({ first_slot: S0 + 23, last_slot: S0 + 23, published: true, start_iso: '2020-08-08T05:43:30.000Z', end_iso: '2020-08-08T06:01:30.000Z' }),
    ]);
    const again = await post(hanoi, `/v1/exposures/${exp.id}/notify-visitors`);
    expect(again.json()).toMatchObject({ feed_batch_id: null, entries: 0, already_published: 1 });

    // More uploads: the kiosk saw the F0's slot-25 ID; no key for slot 25 yet.
    await upload(k1, { encounters: [enc(ID[25], S0 + 25)] });
    exp = (await get(hanoi, `/v1/exposures/${exp.id}`)).json();
    expect(exp).toMatchObject({ first_slot: S0 + 23, last_slot: S0 + 25, status: 'visitors_partially_notified' });
    expect(exp.publication.ranges.map((r) => [r.first_slot - S0, r.last_slot - S0, r.state])).toEqual([
      [23, 23, 'published'],
      [24, 24, 'unpublished'],
      [25, 25, 'no_key'],
    ]);
    const partial = await get(hanoi, '/v1/exposures?status=visitors_partially_notified');
    expect(partial.json().exposures.map((e: Exposure) => e.id)).toEqual([exp.id]);
    await upload(k1, { slot_keys: [{ slot: S0 + 25, key: key(25) }] });
    exp = (await get(hanoi, `/v1/exposures/${exp.id}`)).json();
    expect(exp.publication).toMatchObject({ published_slots: 1, unpublished_slots: 2, missing_key_slots: 0 });

    // Notify again: only the new slots.
    const n2 = await post(hanoi, `/v1/exposures/${exp.id}/notify-visitors`);
    expect(n2.json()).toMatchObject({ entries: 2, already_published: 1, exposure: { status: 'visitors_notified', publication: { published_slots: 3, unpublished_slots: 0 } } });

    // Venue notice: queued once per window, fetched by the kiosk, acknowledged by staff.
    const nv = await post(hanoi, `/v1/exposures/${exp.id}/notify-venue`);
    expect(nv.json()).toMatchObject({ created: true, exposure: { venue_notice: { state: 'queued', covers_current_window: true } } });
    const nvAgain = await post(hanoi, `/v1/exposures/${exp.id}/notify-venue`);
    expect(nvAgain.json()).toMatchObject({ created: false, notice_id: nv.json().notice_id });
    s.clock.now += 60_000;
    const fetched = await signedInject(s, k1, 'GET', '/v1/kiosk/notices');
    const notice = fetched.json().notices[0];
    expect(notice).toMatchObject({ id: nv.json().notice_id, first_slot: S0 + 23, last_slot: S0 + 25 });
    expect(notice.acknowledged_at).toBeUndefined();
    // Local time (UTC+7) with what to do, in Vietnamese and English.
    expect(notice.message_vi).toContain('từ 08/08/2020 12:45 đến 08/08/2020 13:30 (giờ Việt Nam)');
    expect(notice.message_vi).toContain('Việc cần làm');
    expect(notice.message_en).toContain('from 08/08/2020 12:45 to 08/08/2020 13:30 (Vietnam time)');
    const fetchedAt = s.clock.now;
    exp = (await get(hanoi, `/v1/exposures/${exp.id}`)).json();
    expect(exp.venue_notice).toMatchObject({ state: 'fetched', fetched_at: fetchedAt, acknowledged_at: null });
    s.clock.now += 60_000;
    const ackAt = s.clock.now - 30_000;
    const ack = await signedInject(s, k1, 'POST', `/v1/kiosk/notices/${notice.id}/ack`, { acknowledged_at: ackAt });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toEqual({ notice_id: notice.id, acknowledged_at: ackAt });
    exp = (await get(hanoi, `/v1/exposures/${exp.id}`)).json();
    expect(exp.venue_notice).toMatchObject({ state: 'acknowledged', fetched_at: fetchedAt, acknowledged_at: ackAt });
    expect((await signedInject(s, k1, 'GET', '/v1/kiosk/notices')).json().notices[0].acknowledged_at).toBe(ackAt);

    // The feed holds each kiosk slot key exactly once, over two batches.
    const index = (await s.app.inject({ method: 'GET', url: '/v1/feed/index.json' })).json();
    expect(index.batches).toHaveLength(2);
    const keys: string[] = [];
    for (const b of index.batches as { url: string }[]) {
      const file = (await s.app.inject({ method: 'GET', url: b.url })).json() as FeedBatchFile;
      keys.push(...file.data.map((d) => d.daily_key));
    }
    expect(keys.sort()).toEqual([key(23), key(24), key(25)]);
    const cases = await get(hanoi, `/v1/f0-cases/${caseId}/exposures`);
    expect(cases.json().exposures[0].status).toBe('visitors_notified');
  });

  it('publishes a key once when two cases share the venue and slot, and each shows it published', async () => {
    await upload(k1, { encounters: [enc(ID[23], S0 + 23)], slot_keys: [{ slot: S0 + 23, key: key(23) }] });
    const window = { province: 'Hà Nội', infectious_from_s: T0, infectious_to_s: T0 + 86_399, info_f: { daily_key: KEY_A, time_start: T0 } };
    const a = (await post(hanoi, '/v1/f0-cases', { reference: 'A', ...window })).json().exposures[0] as Exposure;
    const b = (await post(hanoi, '/v1/f0-cases', { reference: 'B', ...window })).json().exposures[0] as Exposure;
    expect((await post(hanoi, `/v1/exposures/${a.id}/notify-visitors`)).json().entries).toBe(1);
    expect((await get(hanoi, `/v1/exposures/${b.id}`)).json().status).toBe('visitors_notified');
    expect((await post(hanoi, `/v1/exposures/${b.id}/notify-visitors`)).json()).toMatchObject({ entries: 0, already_published: 1, feed_batch_id: null });
    const parallel = await Promise.all([1, 2, 3].map(() => post(hanoi, `/v1/exposures/${a.id}/notify-visitors`)));
    expect(parallel.map((r) => r.json().entries)).toEqual([0, 0, 0]);
  });

  it('refers an exposure in another province to its officials, without the other side’s details', async () => {
    const hcm = await createUser(s, 'cdc-hcm', 'health_official', { province: 'Hồ Chí Minh' });
    const v2 = await createVenue(s, 'Chợ Bến Thành', 'Hồ Chí Minh', 'Quận 1', 'Bến Thành');
    const k2 = await enrollKiosk(s, v2);
    await upload(k1, { encounters: [enc(ID[23], S0 + 23)], slot_keys: [{ slot: S0 + 23, key: key(23) }] });
    await upload(k2, { encounters: [enc(ID[24], S0 + 24)], slot_keys: [{ slot: S0 + 24, key: key(24) }] });
    const created = await post(hanoi, '/v1/f0-cases', { reference: 'BN-SECRET-9', province: 'Hà Nội', infectious_from_s: T0, infectious_to_s: T0 + 86_399, info_f: { daily_key: KEY_A, time_start: T0 } });
    const body = created.json();
    expect(body.exposures.map((e: Exposure) => e.venue.id)).toEqual([v1]);
    expect(body.referred).toEqual([{ id: expect.any(String), province: 'Hồ Chí Minh', status: 'new' }]);
    expect(created.body).not.toContain('Chợ Bến Thành');
    expect(created.body).not.toContain('Quận 1');
    const referredId = body.referred[0].id as string;
    const caseList = await get(hanoi, `/v1/f0-cases/${body.case.id}/exposures`);
    expect(caseList.body).not.toContain('Chợ Bến Thành');
    expect((await get(hanoi, `/v1/exposures/${referredId}`)).statusCode).toBe(404);
    expect((await post(hanoi, `/v1/exposures/${referredId}/notify-venue`)).statusCode).toBe(404);

    // In the other province's queue: the venue in full, the case only as "referred from".
    const queue = await get(hcm, '/v1/exposures');
    expect(queue.json().exposures).toEqual([expect.objectContaining({ id: referredId, referred_from: 'Hà Nội', venue: expect.objectContaining({ id: v2 }) })]);
    expect(queue.body).not.toContain('BN-SECRET-9');
    expect((await get(hcm, `/v1/f0-cases/${body.case.id}`)).statusCode).toBe(404);
    expect((await post(hcm, `/v1/exposures/${referredId}/notify-venue`)).statusCode).toBe(200);
    const after = await get(hanoi, `/v1/f0-cases/${body.case.id}/exposures`);
    expect(after.json().referred).toEqual([{ id: referredId, province: 'Hồ Chí Minh', status: 'venue_notified' }]);
  });

  it('accepts a notice acknowledgement only from a kiosk of the notice’s venue, signed, and keeps the first', async () => {
    await upload(k1, { encounters: [enc(ID[23], S0 + 23)], slot_keys: [{ slot: S0 + 23, key: key(23) }] });
    const exp = (await post(hanoi, '/v1/f0-cases', { reference: 'N', province: 'Hà Nội', infectious_from_s: T0, infectious_to_s: T0 + 86_399, info_f: { daily_key: KEY_A, time_start: T0 } })).json().exposures[0] as Exposure;
    const noticeId = (await post(hanoi, `/v1/exposures/${exp.id}/notify-venue`)).json().notice_id as string;
    const other = await enrollKiosk(s, await createVenue(s, 'Nhà sách'));
    const url = `/v1/kiosk/notices/${noticeId}/ack`;
    const foreign = await signedInject(s, other, 'POST', url, { acknowledged_at: s.clock.now });
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([404, 'notice_not_found']);
    const unsigned = await s.app.inject({ method: 'POST', url, payload: { acknowledged_at: s.clock.now } });
    expect(unsigned.statusCode).toBe(401);
    const unknown = await signedInject(s, k1, 'POST', `/v1/kiosk/notices/${randomUUID()}/ack`, { acknowledged_at: s.clock.now });
    expect(unknown.statusCode).toBe(404);
    const bad = await signedInject(s, k1, 'POST', url, { acknowledged_at: 'yesterday' });
    expect(bad.statusCode).toBe(400);
    // A claimed time in the future is kept as now; a second acknowledgement changes nothing.
    const first = await signedInject(s, k1, 'POST', url, { acknowledged_at: s.clock.now + 3_600_000 });
    expect(first.json().acknowledged_at).toBe(s.clock.now);
    s.clock.now += 120_000;
    const second = await signedInject(s, k1, 'POST', url, { acknowledged_at: s.clock.now });
    expect(second.json().acknowledged_at).toBe(first.json().acknowledged_at);
    const rows = await s.app.services.database.db.selectFrom('notice_deliveries').selectAll().execute();
    expect(rows).toHaveLength(1);
  });
});

describe.each(BACKENDS)('migration 005 on %s', (backend) => {
  it('reads keys already in feed batches back into feed_entries, so they are not published again', async () => {
    const db = await createTestDatabase(backend, false);
    try {
      await migrateTo(db.handle, '002-venue-days');
      const k = key(23);
      await db.handle.db.insertInto('slot_keys').values({ kiosk_id: 'kiosk-1', venue_id: 'venue-1', slot: S0 + 23, day: Math.floor((S0 + 23) / 96), key_hex: k, broadcast_id: kioskBroadcastId(k) }).execute();
      const body = JSON.stringify({ format: 'bluezone-kiosk-feed-v1', id: 'b1', created_at: 5, key_id: 'fk', data: [{ daily_key: k, time_start: (S0 + 23) * 900, time_end: (S0 + 24) * 900, max: 96 }] });
      await db.handle.db.insertInto('feed_batches').values({ id: 'b1', created_at: 5, exposure_id: 'e1', key_id: 'fk', body, signature: 'sig', entry_count: 1, max_slot: S0 + 23 }).execute();
      await migrateToLatest(db.handle);
      const rows = await db.handle.db.selectFrom('feed_entries').selectAll().execute();
      expect(rows.map((r) => ({ ...r, slot: Number(r.slot), published_at: Number(r.published_at) }))).toEqual([
        { kiosk_id: 'kiosk-1', venue_id: 'venue-1', slot: S0 + 23, day: Math.floor((S0 + 23) / 96), feed_batch_id: 'b1', published_at: 5 },
      ]);
    } finally {
      await db.drop();
    }
  });
});
