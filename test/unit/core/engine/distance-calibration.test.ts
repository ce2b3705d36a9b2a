// Two-point calibration through the core API (as the staff console's wizard drives it),
// and the engine's use of every reception for the median.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { EncounterEngine } from '../../../../src-main/core/engine/encounter-engine.js';
import { DistanceCalibrationService, configuredThresholds } from '../../../../src-main/core/engine/distance-calibration-service.js';
import { buildApiServer, type CoreFacade } from '../../../../src-main/core/http/api-server.js';
import { StaffAuth } from '../../../../src-main/core/http/staff-auth.js';
import { openKioskStore, type KioskStore } from '../../../../src-main/core/store/kiosk-store.js';
import { SLOT_MS, slotOf } from '../../../../shared/domain/slots.js';
import { sampleStatus } from '../../../fixtures/core-status.js';
import { FakeClock, T0, bzId, sighting } from './engine-fixtures.js';

let clock: FakeClock;
let store: KioskStore;
let engine: EncounterEngine;
let service: DistanceCalibrationService;
let app: FastifyInstance;
let cookie: string;
const HOST = { host: '127.0.0.1:8787' };

async function call(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>, withCookie = true) {
  const headers = { ...HOST, ...(withCookie ? { cookie } : {}) };
  return payload === undefined ? app.inject({ method, url, headers }) : app.inject({ method, url, headers, payload });
}

/** The staff phone (ID 1) at `rssi` for `seconds`, one advert a second, and a passer-by. */
function hold(rssi: number, seconds: number): void {
  for (let i = 0; i < seconds; i++) {
    const at = clock.advance(1000);
    engine.ingest(sighting(bzId(1), at, rssi + (i % 3) - 1));
    if (i % 10 === 0) engine.ingest(sighting(bzId(2), at, -50));
  }
}

beforeEach(async () => {
  clock = new FakeClock(T0 + 60_000);
  store = openKioskStore({ path: ':memory:', clock });
  engine = new EncounterEngine({ store, clock });
  service = new DistanceCalibrationService(engine, store.settings, clock, null);
  const core: CoreFacade = { status: () => sampleStatus(), addTally: () => undefined, acknowledgeNotice: () => false, onLiveEvent: () => ({ dispose: () => undefined }), calibration: service };
  app = await buildApiServer({ core, uiDir: null, staffAuth: new StaffAuth('2468', { now: () => clock.now() }) });
  const res = await app.inject({ method: 'POST', url: '/api/staff/session', headers: HOST, payload: { pin: '2468' } });
  cookie = /^(bz_staff=[^;]+);/.exec(String(res.headers['set-cookie']))![1]!;
});

afterEach(async () => {
  await app.close();
  service.dispose();
  engine.dispose();
  store.close();
});

describe('distance calibration wizard API', () => {
  it('starts uncalibrated on the default thresholds', async () => {
    const s = (await call('GET', '/api/calibration')).json();
    expect(s).toMatchObject({ calibrated: false, source: 'default', measuring: null, points: {}, last_error: null });
  });

  it('measures 2 m and 4.5 m, applies the medians as thresholds, stores and uses them', async () => {
    let s = (await call('POST', '/api/calibration/start', { position: 'near', duration_s: 30 })).json();
    expect(s.measuring).toMatchObject({ position: 'near', duration_ms: 30_000, samples: 0 });
    hold(-68, 30);
    s = (await call('GET', '/api/calibration')).json();
    expect(s.measuring).toBeNull();
    expect(s.points.near).toMatchObject({ median_rssi: -68, samples: 30 });
    await call('POST', '/api/calibration/start', { position: 'far', duration_s: 30 });
    hold(-79, 30);
    s = (await call('POST', '/api/calibration/apply')).json();
    expect(s).toMatchObject({ calibrated: true, source: 'calibration', near_min_rssi: -68, mid_min_rssi: -79 });
    expect(s.check_in_min_rssi).toBeGreaterThan(-68);
    // In force at once: a phone whose median is -70 is now mid, not near.
    const at = clock.advance(1000);
    for (let i = 0; i < 5; i++) engine.ingest(sighting(bzId(9), at + i * 6000, -70));
    engine.flush();
    expect(store.encounters.slot(slotOf(at), true).find((r) => r.visitorId === bzId(9))?.distance).toBe('mid');
    // Stored: a restarted core keeps the calibration.
    const again = new DistanceCalibrationService(new EncounterEngine({ store, clock }), store.settings, clock, null);
    expect(again.state()).toMatchObject({ calibrated: true, thresholds: { nearMinRssi: -68, midMinRssi: -79 } });
  });

  it('refuses to apply before both points, and points that read the same', async () => {
    let res = await call('POST', '/api/calibration/apply');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('calibration_incomplete');
    await call('POST', '/api/calibration/start', { position: 'near', duration_s: 30 });
    hold(-70, 30);
    await call('POST', '/api/calibration/start', { position: 'far', duration_s: 30 });
    hold(-71, 30);
    res = await call('POST', '/api/calibration/apply');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('calibration_points_too_close');
    expect(store.settings.get('distance_calibration')).toBeUndefined();
  });

  it('shows the running median while measuring, uses the configured duration, and says where to hold the phone', async () => {
    const asked: (number | null)[] = [];
    service.dispose();
    service = new DistanceCalibrationService(engine, store.settings, clock, null, { defaultDurationMs: 15_000, onMeasuring: (m) => asked.push(m) });
    await app.close();
    const core: CoreFacade = { status: () => sampleStatus(), addTally: () => undefined, acknowledgeNotice: () => false, onLiveEvent: () => ({ dispose: () => undefined }), calibration: service };
    app = await buildApiServer({ core, uiDir: null, staffAuth: null });
    let s = (await call('POST', '/api/calibration/start', { position: 'near' })).json();
    expect(s.measuring).toMatchObject({ duration_ms: 15_000, samples: 0, median_rssi: null });
    hold(-64, 9);
    s = (await call('GET', '/api/calibration')).json();
    expect(s.measuring).toMatchObject({ samples: 9, median_rssi: -64 });
    await call('POST', '/api/calibration/cancel');
    await call('POST', '/api/calibration/start', { position: 'far' });
    clock.advance(16_000);
    await call('GET', '/api/calibration');
    expect(asked).toEqual([2, null, 4.5, null]);
  });

  it('reports too few samples when the phone was not heard', async () => {
    await call('POST', '/api/calibration/start', { position: 'near', duration_s: 10 });
    clock.advance(11_000);
    const s = (await call('GET', '/api/calibration')).json();
    expect(s).toMatchObject({ measuring: null, points: {}, last_error: 'too_few_samples' });
  });

  it('follows the staff phone across its slot rotation (old ID 12 s late, 15 s silent), ahead of a louder visitor who came and went', async () => {
    // The measurement starts 20 s before a slot boundary and lasts 80 s.
    const boundary = (slotOf(clock.now()) + 1) * SLOT_MS;
    clock.t = boundary - 20_000;
    await call('POST', '/api/calibration/start', { position: 'near', duration_s: 80 });
    for (let i = 0; i < 80; i++) {
      const at = clock.advance(1000);
      const rssi = -68 + (i % 3) - 1;
      if (at - boundary <= 12_000) engine.ingest(sighting(bzId(1), at, rssi));
      else if (at - boundary > 27_000) engine.ingest(sighting(bzId(3), at, rssi));
      // A visitor close by for 45 s: heard more often than either of the staff phone's IDs.
      if (i >= 5 && i < 50) engine.ingest(sighting(bzId(7), at, -50));
    }
    const s = (await call('GET', '/api/calibration')).json();
    expect(s.last_error).toBeNull();
    expect(s.points.near).toMatchObject({ median_rssi: -68, samples: 32 + 33 });
  });

  it('does not join two phones that are not one rotation: a new ID first heard 40 s after the boundary is another phone', async () => {
    const boundary = (slotOf(clock.now()) + 1) * SLOT_MS;
    clock.t = boundary - 10_000;
    await call('POST', '/api/calibration/start', { position: 'far', duration_s: 70 });
    for (let i = 0; i < 70; i++) {
      const at = clock.advance(1000);
      if (at - boundary <= 25_000) engine.ingest(sighting(bzId(1), at, -80));
      else if (at - boundary >= 40_000) engine.ingest(sighting(bzId(3), at, -60));
    }
    const s = (await call('GET', '/api/calibration')).json();
    expect(s.points.far).toMatchObject({ median_rssi: -80, samples: 35 });
  });

  it('needs the staff session and a valid body', async () => {
    expect((await call('GET', '/api/calibration', undefined, false)).statusCode).toBe(401);
    expect((await call('POST', '/api/calibration/start', { position: 'near' }, false)).statusCode).toBe(401);
    const bad = await call('POST', '/api/calibration/start', { position: 'middle' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_request');
    expect(service.state().measuring).toBeNull();
  });

  it('takes thresholds from configuration as calibrated', () => {
    const t = configuredThresholds({ distanceThresholds: { nearMinRssi: -66, midMinRssi: -76 } });
    const s = new DistanceCalibrationService(engine, store.settings, clock, t);
    expect(s.state()).toMatchObject({ calibrated: true, source: 'configuration', thresholds: { nearMinRssi: -66, midMinRssi: -76 } });
  });
});

describe('encounter median', () => {
  it('takes every reception, not only the ones counted every 5 s', () => {
    const t = clock.advance(1000);
    // Counted receptions (every 5 s) are strong; the many in between are weak.
    for (let dt = 0; dt < 20_000; dt += 500) engine.ingest(sighting(bzId(3), t + dt, dt % 5000 === 0 ? -50 : -80));
    engine.flush();
    const row = store.encounters.slot(slotOf(t), true).find((r) => r.visitorId === bzId(3));
    expect(row?.count).toBe(4);
    expect(row?.rssiMedian).toBe(-80);
  });
});
