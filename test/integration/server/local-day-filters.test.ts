// Every date filter of the officials' API names a local day (BZ_TIME_ZONE, Asia/Ho_Chi_Minh by
// default), as the console shows days, not a UTC day. Boundary cases on day D = 2026-11-20:
// an event at 23:30 local on D (16:30 UTC on D) is in D; one at 00:30 local on D+1 (17:30 UTC
// on D, the same UTC day) is in D+1; one at 06:30 local on D (23:30 UTC on D-1) is in D.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from './helpers/backends.js';
import { bearer, createUser, createVenue, emptyBatch, enrollKiosk, signedInject, startTestServer, type TestKiosk, type TestServer } from './helpers/test-server.js';
import { expandEntry, kioskBroadcastId } from '../../../shared/protocol/bluezone-infof.js';
import { formatTraceLine } from '../../../shared/protocol/bluezone-trace.js';
import { slotOf, slotStart } from '../../../shared/domain/slots.js';
import { loadConfig } from '../../../src-server/config.js';

const D_LATE = slotOf(Date.UTC(2026, 10, 20, 16, 30)); // 23:30 on 20/11 in Vietnam
const D1_EARLY = slotOf(Date.UTC(2026, 10, 20, 17, 30)); // 00:30 on 21/11 in Vietnam
const D_EARLY = slotOf(Date.UTC(2026, 10, 19, 23, 30)); // 06:30 on 20/11 in Vietnam
const SLOTS = [D_LATE, D1_EARLY, D_EARLY] as const;

describe.each(BACKENDS)('date filters are local days on %s', (backend) => {
  let s: TestServer;
  let official: string;
  let admin: string;
  const venues: string[] = [];
  const kiosks: TestKiosk[] = [];
  const keys: string[] = [];

  async function upload(k: TestKiosk, body: Partial<ReturnType<typeof emptyBatch>>) {
    s.clock.now += 7;
    const r = await signedInject(s, k, 'POST', '/v1/kiosk/batches', { ...emptyBatch(randomUUID(), s.clock.now), ...body });
    expect(r.statusCode, r.body).toBe(200);
  }

  beforeEach(async () => {
    s = await startTestServer(backend);
    s.clock.now = Date.UTC(2026, 10, 22, 5);
    official = await createUser(s, 'cdc', 'health_official', { province: 'Hà Nội' });
    admin = await createUser(s, 'root', 'admin');
    venues.length = 0;
    kiosks.length = 0;
    keys.length = 0;
    // One venue per boundary event, each kiosk with an encounter, attendance and its slot key.
    for (const [i, slot] of SLOTS.entries()) {
      const v = await createVenue(s, `Địa điểm ${i}`, 'Hà Nội', 'Hoàn Kiếm', `Phường ${i}`);
      const k = await enrollKiosk(s, v);
      const key = randomBytes(32).toString('hex').toUpperCase();
      await upload(k, {
        encounters: [{ visitor_id: `A0000000000000000000000${i}`, protocol: 'bluezone_android', slot, first_seen_min: slot * 15 + 1, last_seen_min: slot * 15 + 5, distance: 'near', checked_in: false }],
        attendance: [{ slot, bluezone_devices: 1, gaen_devices: 0, arrivals: 10 ** i, no_app: 0, helped_install: 0 }],
        slot_keys: [{ slot, key }],
      });
      venues.push(v);
      kiosks.push(k);
      keys.push(key);
    }
  });

  afterEach(async () => {
    await s.close();
  });

  it('lists exposures by local day', async () => {
    // An F0 whose phone logged each kiosk's broadcast ID during the kiosk's slot.
    const dailyKey = randomBytes(32).toString('hex').toUpperCase();
    const t0 = Date.UTC(2026, 10, 19) / 1000;
    const entry = { daily_key: dailyKey, time_start: t0, time_end: t0 + 3 * 86_400 - 1, max: 96 };
    const history = SLOTS.map((slot, i) => formatTraceLine(expandEntry(entry, slot, slot)[0]!.id, kioskBroadcastId(keys[i]!), -60, slotStart(slot) + 300_000)).join('\n');
    const created = await s.app.inject({
      method: 'POST',
      url: '/v1/f0-cases',
      headers: bearer(official),
      payload: { reference: 'HN-TZ-1', province: 'Hà Nội', infectious_from_s: t0, infectious_to_s: t0 + 3 * 86_400 - 1, daily_keys: [entry], history },
    });
    expect(created.statusCode, created.body).toBe(201);
    const venuesOn = async (from: string, to: string) => {
      const r = await s.app.inject({ method: 'GET', url: `/v1/exposures?from=${from}&to=${to}`, headers: bearer(official) });
      expect(r.statusCode, r.body).toBe(200);
      return (r.json() as { exposures: { venue: { id: string } }[] }).exposures.map((e) => e.venue.id).sort();
    };
    expect(await venuesOn('2026-11-20', '2026-11-20')).toEqual([venues[0]!, venues[2]!].sort());
    expect(await venuesOn('2026-11-21', '2026-11-21')).toEqual([venues[1]!]);
    expect(await venuesOn('2026-11-19', '2026-11-19')).toEqual([]);
  });

  it('reads a venue’s encounters and attendance by local day', async () => {
    const encountersOn = async (i: number, day: string) => {
      const r = await s.app.inject({ method: 'GET', url: `/v1/venues/${venues[i]}/encounters?day=${day}`, headers: bearer(official) });
      expect(r.statusCode, r.body).toBe(200);
      return (r.json() as { total: number; day: string }).total;
    };
    expect(await encountersOn(0, '2026-11-20')).toBe(1);
    expect(await encountersOn(1, '2026-11-20')).toBe(0);
    expect(await encountersOn(1, '2026-11-21')).toBe(1);
    expect(await encountersOn(2, '2026-11-20')).toBe(1);
    expect(await encountersOn(2, '2026-11-19')).toBe(0);
    for (const [i, day] of [
      [0, '2026-11-20'],
      [1, '2026-11-21'],
      [2, '2026-11-20'],
    ] as const) {
      const r = await s.app.inject({ method: 'GET', url: `/v1/venues/${venues[i]}/attendance?from=2026-11-19&to=2026-11-21`, headers: bearer(admin) });
      expect(r.statusCode, r.body).toBe(200);
      expect((r.json() as { days: { day: string; arrivals: number }[] }).days).toEqual([expect.objectContaining({ day, arrivals: 10 ** i })]);
    }
  });

  it('ranks install rates over local days', async () => {
    const entrants = async (from: string, to: string) => {
      const r = await s.app.inject({ method: 'GET', url: `/v1/stats/install-rate?level=province&from=${from}&to=${to}`, headers: bearer(admin) });
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json() as { from: string; to: string; rows: { bluezone_entrants: number }[] };
      expect([body.from, body.to]).toEqual([from, to]);
      return body.rows.reduce((a, x) => a + x.bluezone_entrants, 0);
    };
    expect(await entrants('2026-11-20', '2026-11-20')).toBe(1 + 100);
    expect(await entrants('2026-11-21', '2026-11-21')).toBe(10);
    expect(await entrants('2026-11-19', '2026-11-19')).toBe(0);
  });

  it('follows BZ_TIME_ZONE', async () => {
    await s.close();
    s = await startTestServer(backend, { BZ_TIME_ZONE: 'UTC' });
    s.clock.now = Date.UTC(2026, 10, 22, 5);
    const v = await createVenue(s, 'Địa điểm UTC');
    const k = await enrollKiosk(s, v);
    await upload(k, { attendance: SLOTS.map((slot, i) => ({ slot, bluezone_devices: 1, gaen_devices: 0, arrivals: 10 ** i, no_app: 0, helped_install: 0 })) });
    const token = await createUser(s, 'root', 'admin');
    const r = await s.app.inject({ method: 'GET', url: `/v1/venues/${v}/attendance?from=2026-11-19&to=2026-11-21`, headers: bearer(token) });
    expect((r.json() as { days: { day: string; arrivals: number }[] }).days.map((d) => [d.day, d.arrivals])).toEqual([
      ['2026-11-19', 100],
      ['2026-11-20', 11],
    ]);
  });

  it('refuses an unknown BZ_TIME_ZONE at start', () => {
    expect(() => loadConfig({ BZ_TIME_ZONE: 'Mars/Olympus' })).toThrow(/BZ_TIME_ZONE="Mars\/Olympus": set an IANA time zone/);
  });
});
