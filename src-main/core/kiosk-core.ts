// Composition root of the kiosk core: the only place that picks adapters (from config) and
// wires radio -> encounter engine -> store -> uploader, and the local HTTP API for the UIs.
// It only builds, starts and unwinds: every part it opens goes on a stack of disposables,
// which stop() and a failed start unwind, newest first.
import { mkdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { PresenceCounts } from '../../shared/api/core-api.js';
import type { Heartbeat } from '../../shared/api/kiosk-upload.js';
import type { TallyKind } from '../../shared/domain/types.js';
import { deriveAlerts } from './alerts.js';
import { createSystemClock } from './clock/system-clock.js';
import { engineConfigOf, radioConfigOf, type CoreConfig } from './config/config.js';
import { EncounterEngine } from './engine/encounter-engine.js';
import { buildApiServer, type CoreEvent, type CoreFacade, type CoreSnapshot } from './http/api-server.js';
import { StaffAuth } from './http/staff-auth.js';
import { KioskIdentity } from './identity/kiosk-identity.js';
import { leveled, type Logger } from './log/logger.js';
import { DisposableStack } from './disposable-stack.js';
import type { RadioStatus } from './ports.js';
import { createRadio, type Radio } from './radio/create-radio.js';
import { openKioskStore, type KioskStore } from './store/kiosk-store.js';
import { loadOrCreateDeviceKey } from './upload/device-key.js';
import { HttpKeyServerClient } from './upload/key-server-client.js';
import { Uploader } from './upload/uploader.js';
import { DistanceCalibrationService, configuredThresholds } from './engine/distance-calibration-service.js';
import type { DayEstimate } from '../../shared/domain/engine/visitor-linker.js';

const PRESENCE_TICK_MS = 1000;
const STATUS_EVERY_TICKS = 5;
const DISK_LOW_MB = 200;

export interface RunningCore {
  readonly url: string;
  readonly facade: CoreFacade;
  stop(): Promise<void>;
}

function freeDiskMb(dir: string): number {
  try {
    const s = statfsSync(dir);
    return Math.floor((s.bavail * s.bsize) / (1024 * 1024));
  } catch {
    return 0;
  }
}

function visitorsToday(e: DayEstimate): NonNullable<CoreSnapshot['visitors_today']> {
  return { day: e.day, unique_visitors: e.uniqueVisitors, median_dwell_s: e.medianDwellS, device_slots: e.deviceSlots };
}

export async function startKioskCore(config: CoreConfig, log: Logger): Promise<RunningCore> {
  const stack = new DisposableStack(leveled(log));
  try {
    return await build(config, log, stack);
  } catch (err) {
    // A failed start closes everything it opened (store, radio, timers) before reporting.
    await stack.unwind();
    throw err;
  }
}

async function build(config: CoreConfig, log: Logger, stack: DisposableStack): Promise<RunningCore> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const startedAt = Date.now();
  const clock = stack.defer('clock', createSystemClock({ mode: config.clock }), (c) => c.dispose());
  const store: KioskStore = stack.defer(
    'store',
    openKioskStore({
      path: join(config.dataDir, 'kiosk.db'),
      retentionDays: config.retentionDays,
      clock,
      log: leveled(log.child('store')),
      timeZone: config.timeZone,
    }),
    (s) => s.close(),
  );
  const radio: Radio = stack.defer(
    'radio',
    await createRadio(
      radioConfigOf(config),
      { clock, log: leveled(log.child('radio')) },
    ),
    (r) => r.dispose(),
  );
  const identity = stack.defer(
    'identity',
    new KioskIdentity({ slotKeys: store.slotKeys, clock, beacon: radio.beacon, log: log.child('identity').info }),
    (i) => i.stop(),
  );

  const engine = stack.defer(
    'engine',
    new EncounterEngine({
      store,
      clock,
      config: engineConfigOf(config),
      timeZone: config.timeZone,
      log: leveled(log.child('engine')),
      // The kiosk hears its own advert (two adapters, or reflections): never a visitor.
      isOwnId: (id) => identity.isOwnId(id),
    }),
    (e) => e.dispose(),
  );
  const calibration = stack.defer(
    'calibration',
    new DistanceCalibrationService(engine, store.settings, clock, configuredThresholds(config), {
      defaultDurationMs: config.calibrationSeconds * 1000,
      ...(radio.holdStaffPhone ? { onMeasuring: radio.holdStaffPhone } : {}),
    }),
    (c) => c.dispose(),
  );
  const listeners = new Set<(e: CoreEvent) => void>();
  const publish = (e: CoreEvent) => {
    for (const l of listeners) l(e);
  };
  let radioStatus: RadioStatus = radio.scanner.status();
  let radioSince = startedAt;
  let clockSynced = clock.synced();
  let clockSince = startedAt;

  stack.defer('sightings', radio.scanner.onSighting((s) => engine.ingest(s)), (d) => d.dispose());
  stack.defer(
    'radio_status',
    radio.scanner.onStatus((s) => {
      if (s.state !== radioStatus.state) radioSince = clock.now();
      radioStatus = s;
      publish({ type: 'status', status: facade.status() });
    }),
    (d) => d.dispose(),
  );
  stack.defer('checkins', engine.onCheckIn((e) => publish({ type: 'checkin', protocol: e.protocol, at: e.at })), (d) => d.dispose());

  const deviceKey = loadOrCreateDeviceKey(join(config.dataDir, 'device-key.pem'));
  const heartbeat = (): Heartbeat => ({
    version: config.version,
    radio_state: radioStatus.state,
    clock_synced: clock.synced(),
    queue_depth: store.outbox.depth(),
    free_disk_mb: freeDiskMb(config.dataDir),
    sent_at: clock.now(),
  });
  const uploader = stack.defer(
    'uploader',
    new Uploader({
      store,
      client: config.serverUrl ? new HttpKeyServerClient({ baseUrl: config.serverUrl, deviceKey, now: () => clock.now() }) : null,
      deviceKey,
      now: () => clock.now(),
      heartbeat,
      enrollmentCode: config.enrollmentCode,
      version: config.version,
      intervalMs: config.uploadIntervalMs,
      log: leveled(log.child('upload')),
    }),
    (u) => u.stop(),
  );

  const facade: CoreFacade = {
    status(): CoreSnapshot {
      const now = clock.now();
      const up = uploader.status();
      const synced = clock.synced();
      return {
        venue_name: up.venue?.name ?? config.venueName,
        install_url: config.installUrl,
        retention_days: config.retentionDays,
        support_contact: config.supportContact,
        radio_state: radioStatus.state,
        clock_synced: synced,
        here_now: engine.presence(now),
        slot_devices: engine.slotDevices(now),
        today_devices: engine.todayDevices(now),
        arrivals_by_hour: engine.arrivalsByHour(now),
        time_zone: config.timeZone,
        visitors_today: visitorsToday(engine.visitorsToday(now)),
        tallies_today: engine.tallyToday(),
        upload: { enrolled: up.enrolled, queue_depth: up.queueDepth, last_success_at: up.lastSuccessAt, last_error: up.lastError },
        alerts: deriveAlerts({
          now,
          radioState: radioStatus.state,
          ...(radioStatus.detail ? { radioDetail: radioStatus.detail } : {}),
          radioSince,
          clockSynced: synced,
          clockSince,
          uploadConfigured: config.serverUrl !== null,
          enrolled: up.enrolled,
          uploadFailingSince: up.failingSince,
          uploadLastError: up.lastError,
          notices: up.notices,
          storageRecovered: store.recovered,
          startedAt,
          diskLow: store.diskLow || freeDiskMb(config.dataDir) < DISK_LOW_MB,
          distanceCalibrated: calibration.calibrated,
        }),
        report_requests: up.reportRequests,
        now,
      };
    },
    calibration,
    addTally(kind: TallyKind, delta: number) {
      engine.addTally(kind, delta);
      publish({ type: 'status', status: facade.status() });
    },
    acknowledgeNotice(noticeId: string) {
      const known = uploader.acknowledgeNotice(noticeId, clock.now());
      if (known) publish({ type: 'status', status: facade.status() });
      return known;
    },
    onLiveEvent(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
  };

  // Presence is pushed once a second when it changed, so the visitor screen is live without
  // the hot path ever touching the HTTP layer. The rest of the status (uploads, alerts,
  // counts) changes slowly and is pushed every few seconds when it changed.
  let lastPresence = '';
  let lastStatus = '';
  let tick = 0;
  const presenceTimer = setInterval(() => {
    tick += 1;
    const synced = clock.synced();
    if (synced !== clockSynced) {
      clockSynced = synced;
      clockSince = clock.now();
    }
    if (listeners.size === 0) return;
    const here: PresenceCounts = engine.presence(clock.now());
    const key = JSON.stringify(here);
    if (key !== lastPresence) {
      lastPresence = key;
      publish({ type: 'presence', here_now: here, at: clock.now() });
    }
    if (tick % STATUS_EVERY_TICKS === 0) {
      const status = facade.status();
      const statusKey = JSON.stringify({ ...status, now: 0 });
      if (statusKey !== lastStatus) {
        lastStatus = statusKey;
        publish({ type: 'status', status });
      }
    }
  }, PRESENCE_TICK_MS);
  presenceTimer.unref();
  stack.defer('presence_timer', presenceTimer, (t) => clearInterval(t));

  engine.start();
  await identity.start();
  await radio.beacon.start();
  await radio.scanner.start();
  uploader.start();
  const server: FastifyInstance = stack.defer(
    'http',
    await buildApiServer({ core: facade, uiDir: config.uiDir, staffAuth:
        config.staffPin === null
          ? null
          : new StaffAuth(config.staffPin, {
              // Attempts are logged (never the PIN): wrong ones as warnings, so a visitor
              // tapping at the pad shows in the journal.
              onAttempt: (a) => (a.outcome === 'ok' ? log.info : log.warn)('staff_pin_attempt', { outcome: a.outcome, wrong_in_a_row: a.wrongInARow, retry_after_ms: a.retryAfterMs }),
            }),
      }),
    // Ends the live-event streams first (preClose), then stops listening.
    (s) => s.close(),
  );
  await server.listen({ host: config.host, port: config.port });
  const bound = server.server.address();
  const port = bound && typeof bound === 'object' ? bound.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info('core_started', { url, radio: config.radio.mode, enrolled: uploader.status().enrolled, staff_pin: config.staffPin !== null });
  if (config.staffPin === null) log.warn('staff_console_open', { hint: 'set BZ_STAFF_PIN so only staff can open the staff console' });

  return {
    url,
    facade,
    async stop() {
      await stack.unwind();
      log.info('core_stopped');
    },
  };
}
