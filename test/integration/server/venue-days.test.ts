// The kiosk's per-local-day visitor estimate: carried by signed batches (optional, so older
// kiosks still validate), kept per (kiosk, day) with the newest estimate winning, and
// purged with the rest after retention; on every available database.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from './helpers/backends.js';
import { createVenue, emptyBatch, enrollKiosk, signedInject, startTestServer, type TestKiosk, type TestServer } from './helpers/test-server.js';
import type { VenueDayRecord } from '../../../shared/api/kiosk-upload.js';
import { daysBefore, localDayOf } from '../../../shared/domain/local-day.js';

describe.each(BACKENDS)('venue days on %s', (backend) => {
  let s: TestServer;
  let kiosk: TestKiosk;
  let venueId: string;
  let today: string;

  beforeEach(async () => {
    s = await startTestServer(backend);
    venueId = await createVenue(s, 'Bến xe Giáp Bát');
    kiosk = await enrollKiosk(s, venueId);
    today = localDayOf(s.clock.now);
  });
  afterEach(async () => s.close());

  const day = (over: Partial<VenueDayRecord> = {}): VenueDayRecord => ({
    day: today,
    unique_visitors: 120,
    device_slots: 410,
    median_dwell_s: 1500,
    gaen_devices: 4,
    ...over,
  });

  async function rows() {
    return s.app.services.database.db.selectFrom('venue_days').selectAll().orderBy('day').execute();
  }

  async function send(days: VenueDayRecord[] | undefined, createdAt = s.clock.now) {
    const body = { ...emptyBatch(randomUUID(), createdAt), ...(days === undefined ? {} : { venue_days: days }) };
    return signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', body);
  }

  it('stores the estimate per (kiosk, local day); a later batch replaces it, an older one does not', async () => {
    const r = await send([day()]);
    expect(r.statusCode).toBe(200);
    expect(r.json().accepted.venue_days).toBe(1);
    expect(await rows()).toMatchObject([{ kiosk_id: kiosk.id, venue_id: venueId, day: today, unique_visitors: 120, device_slots: 410, median_dwell_s: 1500, gaen_devices: 4 }]);
    await send([day({ unique_visitors: 150, median_dwell_s: 1600 })], s.clock.now + 60_000);
    // A retried batch made before the one above arrives late: it must not win.
    await send([day({ unique_visitors: 90 })], s.clock.now - 60_000);
    const [row] = await rows();
    expect(row).toMatchObject({ unique_visitors: 150, median_dwell_s: 1600 });
    expect(Number(row!.updated_at)).toBe(s.clock.now + 60_000);
  });

  it('accepts batches without venue days, as older kiosks send them', async () => {
    const r = await send(undefined);
    expect(r.statusCode).toBe(200);
    expect(r.json().accepted.venue_days).toBeUndefined();
    expect(await rows()).toEqual([]);
  });

  it('refuses a malformed day or a negative count, and stores nothing of that batch', async () => {
    for (const bad of [day({ day: '2026-13-01' }), day({ day: '01/12/2026' }), day({ unique_visitors: -1 }), { ...day(), extra: 1 } as VenueDayRecord]) {
      const r = await send([bad]);
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('invalid_request');
    }
    expect(await rows()).toEqual([]);
  });

  it('purges days older than the retention window (local-date strings)', async () => {
    await send([day({ day: daysBefore(today, 30) }), day({ day: daysBefore(today, 22) }), day({ day: daysBefore(today, 20) }), day()]);
    const r = await s.app.services.retention.purge(s.clock.now, 21);
    expect(r.venue_days).toBe(2);
    expect((await rows()).map((x) => x.day)).toEqual([daysBefore(today, 20), today]);
  });
});
