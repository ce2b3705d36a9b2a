// GAEN phones are counted, never kept: migration 003 removes the rolling identifiers older
// kiosks uploaded, and the upload schema accepts Bluezone encounters only.
import { describe, expect, it } from 'vitest';
import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { BACKENDS, createTestDatabase } from './helpers/backends.js';
import { migrateTo, migrateToLatest } from '../../../src-server/db/database.js';
import { KioskBatch } from '../../../shared/api/kiosk-upload.js';

describe.each(BACKENDS)('GAEN identifiers on %s', (backend) => {
  it('migration 003 deletes stored GAEN encounters and keeps Bluezone ones', async () => {
    const db = await createTestDatabase(backend, false);
    try {
      expect(await migrateTo(db.handle, '002-venue-days')).toEqual(['001-initial', '002-venue-days']);
      const row = (visitor_id: string, protocol: string) =>
        db.handle.db
          .insertInto('encounters')
          .values({ kiosk_id: 'k1', venue_id: 'v1', visitor_id, slot: 1899496, day: 19786, protocol, first_seen_min: 28492440, last_seen_min: 28492441, distance_rank: 2, checked_in: 0 } as never)
          .execute();
      await row('00112233445566778899AABBCCDDEEFF', 'gaen');
      await row('286BCE589AB994EFA5F73CAD', 'bluezone_android');

      expect(await migrateToLatest(db.handle)).toContain('003-gaen-counts-only');
      const left = await db.handle.db.selectFrom('encounters').select(['visitor_id', 'protocol']).execute();
      expect(left).toEqual([{ visitor_id: '286BCE589AB994EFA5F73CAD', protocol: 'bluezone_android' }]);
    } finally {
      await db.drop();
    }
  });
});

if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(v));
const validBatch = (v: unknown) => Value.Check(KioskBatch as unknown as Parameters<typeof Value.Check>[0], v);

describe('kiosk upload schema', () => {
  it('refuses a GAEN encounter in a batch', () => {
    const encounter = { visitor_id: '00112233445566778899AABBCCDDEEFF', protocol: 'gaen', slot: 1899496, first_seen_min: 28492440, last_seen_min: 28492440, distance: 'far', checked_in: false };
    const heartbeat = { version: 't', radio_state: 'scanning', clock_synced: true, queue_depth: 0, free_disk_mb: 1, sent_at: 0 };
    const batch = { batch_id: '0b3c4f3e-8a55-4a57-9d0e-3d1f5d2a9b10', created_at: 0, encounters: [encounter], slot_keys: [], attendance: [], heartbeat };
    expect(validBatch(batch)).toBe(false);
    expect(validBatch({ ...batch, encounters: [{ ...encounter, protocol: 'bluezone_android', visitor_id: '286BCE589AB994EFA5F73CAD' }] })).toBe(true);
  });
});
