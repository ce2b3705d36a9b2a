// A small district for report tests: two venues in Thanh Xuân (Hà Nội) with kiosks, one in
// another district and one in another province. Kiosk estimates (venue_days), staff tallies
// (attendance) and the server's contact log (batches) are written directly, as the kiosk
// uploads would leave them, so every expected figure below is known exactly.
import { randomUUID } from 'node:crypto';
import { createVenue, enrollKiosk, type TestKiosk, type TestServer } from './test-server.js';
import { SLOT_MS, slotOf } from '../../../../shared/domain/slots.js';

/** Monday 2026-11-16 00:00 in Hà Nội (UTC+7). */
export const WEEK_START_MS = Date.UTC(2026, 10, 15, 17, 0);
/** Friday 2026-11-20 17:00 local: "now" while the week is being reported. */
export const NOW_MS = Date.UTC(2026, 10, 20, 10, 0);
export const HOUR = 3_600_000;

export interface ReportWorld {
  a: string;
  b: string;
  other: string;
  faraway: string;
  kioskA: TestKiosk;
  kioskB: TestKiosk;
}

/** Local day and hour -> UTC ms. */
export function localTime(day: number, hour: number, minute = 0): number {
  return Date.UTC(2026, 10, day, hour - 7, minute);
}

export async function buildReportWorld(s: TestServer): Promise<ReportWorld> {
  const db = s.app.services.database.db;
  s.clock.now = WEEK_START_MS;
  const a = await createVenue(s, 'Quán Cà Phê Hoa Sen', 'Hà Nội', 'Thanh Xuân', 'Khương Trung');
  const b = (await s.app.services.venues.create({ name: 'Trường THCS Nhân Chính', kind: 'school', province: 'Hà Nội', district: 'Thanh Xuân', ward: 'Nhân Chính' }, s.clock.now)).id;
  const other = await createVenue(s, 'Chợ Hàng Da', 'Hà Nội', 'Hoàn Kiếm', 'Hàng Bồ');
  const faraway = await createVenue(s, 'Chợ Bến Thành', 'Hồ Chí Minh', 'Quận 1', 'Bến Thành');
  const kioskA = await enrollKiosk(s, a);
  const kioskB = await enrollKiosk(s, b);
  await enrollKiosk(s, other);

  const vd = (kiosk: TestKiosk, day: string, u: number, ds: number) => ({ kiosk_id: kiosk.id, venue_id: kiosk.venueId, day, unique_visitors: u, device_slots: ds, median_dwell_s: 600, gaen_devices: 0, updated_at: NOW_MS });
  await db
    .insertInto('venue_days')
    .values([vd(kioskA, '2026-11-16', 40, 120), vd(kioskA, '2026-11-17', 50, 150), vd(kioskA, '2026-11-18', 60, 170), vd(kioskB, '2026-11-16', 10, 30), vd(kioskB, '2026-11-18', 20, 50)])
    .execute();

  const att = (kiosk: TestKiosk, at: number, noApp: number, helped: number) => {
    const slot = slotOf(at);
    return { kiosk_id: kiosk.id, venue_id: kiosk.venueId, slot, day: Math.floor(slot / 96), bluezone_devices: 3, gaen_devices: 0, arrivals: 3, no_app: noApp, helped_install: helped };
  };
  await db
    .insertInto('attendance')
    .values([
      att(kioskA, localTime(16, 12), 10, 2),
      // 00:30 local on the 17th is still the 16th in UTC: it must count on the 17th.
      att(kioskA, localTime(17, 0, 30), 5, 1),
      att(kioskB, localTime(18, 9), 30, 4),
      // The week before: outside every period asked below.
      att(kioskA, localTime(15, 23, 30), 99, 99),
    ])
    .execute();

  // Contact: kiosk A every 15 minutes from the week's start to now, except 08:00–10:00 on the
  // 17th; kiosk B only on the 16th.
  const rows: { kiosk_id: string; batch_id: string; received_at: number; encounters: number; slot_keys: number; attendance: number }[] = [];
  for (let t = WEEK_START_MS + 60_000; t < NOW_MS; t += SLOT_MS) {
    if (t >= localTime(17, 8) && t < localTime(17, 10)) continue;
    rows.push({ kiosk_id: kioskA.id, batch_id: randomUUID(), received_at: t, encounters: 0, slot_keys: 0, attendance: 0 });
    if (t < localTime(17, 0)) rows.push({ kiosk_id: kioskB.id, batch_id: randomUUID(), received_at: t, encounters: 0, slot_keys: 0, attendance: 0 });
  }
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('batches').values(rows.slice(i, i + 200)).execute();
  s.clock.now = NOW_MS;
  return { a, b, other, faraway, kioskA, kioskB };
}

export async function countRows(s: TestServer, table: 'report_campaigns' | 'report_campaign_venues' | 'report_submissions' | 'audit_log'): Promise<number> {
  const r = await s.app.services.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
