// Retention of health data beyond sightings (issue 12 item 11): F0 cases with their free-text
// reference, exposures, notices and enrollment codes are purged after the retention period;
// the audit log has its own explicit, longer period.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './helpers/backends.js';
import { bearer, createUser, createVenue, emptyBatch, enrollKiosk, signedInject, startTestServer, type TestServer } from './helpers/test-server.js';
import { issueEnrollmentCode } from '../../../src-server/enrollment.js';

const KEY_A = '4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084';
const T0 = 1596844800;
const S0 = (T0 * 1000) / 900_000;
const DAY = 86_400_000;

describe.each(BACKENDS)('retention of cases, exposures, notices, codes and audit on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(async () => s.close());

  const count = async (table: 'f0_cases' | 'exposures' | 'notices' | 'enrollment_codes' | 'audit_log' | 'f0_ids') =>
    Number((await s.app.services.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('purges them once past retention, keeping the audit log for its own period', async () => {
    s.clock.now = Date.UTC(2020, 7, 9, 12);
    const venue = await createVenue(s, 'Quán Cà Phê Hoa Sen');
    const official = await createUser(s, 'cdc', 'health_official', { province: 'Hà Nội' });
    const kiosk = await enrollKiosk(s, venue);
    await issueEnrollmentCode(s.app.services.venues, venue, 24, s.clock.now);
    const batch = {
      ...emptyBatch(randomUUID(), s.clock.now),
      encounters: [{ visitor_id: 'B9A665D754FE65E665D76A45', protocol: 'bluezone_android' as const, slot: S0 + 23, first_seen_min: (S0 + 23) * 15, last_seen_min: (S0 + 23) * 15 + 3, distance: 'near' as const, checked_in: false }],
      slot_keys: [{ slot: S0 + 23, key: KEY_A }],
    };
    expect((await signedInject(s, kiosk, 'POST', '/v1/kiosk/batches', batch)).statusCode).toBe(200);
    const c = await s.app.inject({
      method: 'POST',
      url: '/v1/f0-cases',
      headers: bearer(official),
      payload: { reference: 'BN-1234 Nguyễn Văn A', province: 'Hà Nội', infectious_from_s: T0, infectious_to_s: T0 + 86_399, info_f: { daily_key: KEY_A, time_start: T0 } },
    });
    expect(c.statusCode, c.body).toBe(201);
    const exposure = c.json().exposures[0].id as string;
    expect((await s.app.inject({ method: 'POST', url: `/v1/exposures/${exposure}/notify-venue`, headers: bearer(official) })).statusCode).toBe(200);
    expect(await count('f0_cases')).toBe(1);
    expect(await count('exposures')).toBe(1);
    expect(await count('notices')).toBe(1);
    expect(await count('enrollment_codes')).toBe(2);
    const audits = await count('audit_log');
    expect(audits).toBeGreaterThan(0);

    // 10 days on: nothing past retention yet.
    s.clock.now += 10 * DAY;
    await s.app.services.retention.purge(s.clock.now, 21, 365);
    expect(await count('f0_cases')).toBe(1);

    // 23 days after the infectious window ended: the case and everything about it goes.
    s.clock.now += 13 * DAY;
    const r = await s.app.services.retention.purge(s.clock.now, 21, 365);
    expect(r).toMatchObject({ f0_cases: 1, exposures: 1, notices: 1, enrollment_codes: 2 });
    for (const t of ['f0_cases', 'exposures', 'notices', 'enrollment_codes', 'f0_ids'] as const) expect(await count(t), t).toBe(0);
    expect(await count('audit_log')).toBe(audits);

    // The audit log goes after its own period.
    s.clock.now += 365 * DAY;
    expect((await s.app.services.retention.purge(s.clock.now, 21, 365)).audit_log).toBe(audits);
    expect(await count('audit_log')).toBe(0);
  });
});
