// The day's visitor estimate goes out in the signed batch once per change (sealed in the
// same transaction as the rest), validates against the shared schema, and is purged with
// retention.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { KioskBatch } from '../../../../shared/api/kiosk-upload.js';
import { openKioskStore, type KioskStore } from '../../../../src-main/core/store/kiosk-store.js';
import { FakeClock, T0, heartbeat } from './store-fixtures.js';

if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => /^[0-9a-f-]{36}$/i.test(v));

let store: KioskStore;
const day = { day: '2024-03-04', visitors: 12, deviceSlots: 40, gaenDevices: 1, dwell: [[700, 3]] as Array<[number, number]>, medianDwellS: 1100 };

beforeEach(() => {
  store = openKioskStore({ path: ':memory:', clock: new FakeClock(T0) });
});
afterEach(() => store.close());

describe('visitor days in upload batches', () => {
  it('seals a changed day once, as an optional field of a valid batch', () => {
    store.visitorDays.save({ ...day, dirty: true });
    expect(store.sealBatches(T0, heartbeat(T0))).toBe(1);
    const body = store.outbox.next(T0)!.body;
    expect(Value.Check(KioskBatch as unknown as Parameters<typeof Value.Check>[0], body)).toBe(true);
    expect(body.venue_days).toEqual([{ day: '2024-03-04', unique_visitors: 12, device_slots: 40, median_dwell_s: 1100, gaen_devices: 1 }]);
    store.outbox.ack(store.outbox.next(T0)!.batchId);
    expect(store.sealBatches(T0, heartbeat(T0))).toBe(0);
    expect(store.visitorDays.get('2024-03-04')).toMatchObject({ visitors: 12, dirty: false });
  });

  it('keeps nothing it cannot read: a damaged value is treated as absent', () => {
    store.settings.set('visitor_day:2024-03-04', '{not json');
    expect(store.visitorDays.get('2024-03-04')).toBeUndefined();
    expect(store.sealBatches(T0, heartbeat(T0))).toBe(0);
  });
});
