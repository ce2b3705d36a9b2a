// Composition root of the kiosk core: the only place that picks adapters (from config) and
// wires radio -> encounter engine -> store -> uploader, and the local HTTP API for the UIs.
import { mkdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { PresenceCounts } from '../../shared/api/core-api.js';
import type { Heartbeat } from '../../shared/api/kiosk-upload.js';
import type { TallyKind } from '../../shared/domain/types.js';
import { deriveAlerts } from './alerts.js';
import { createSystemClock } from './clock/system-clock.js';
import type { CoreConfig } from './config/config.js';
import { EncounterEngine } from './engine/encounter-engine.js';
import { buildApiServer, type CoreEvent, type CoreFacade, type CoreSnapshot } from './http/api-server.js';
import { StaffAuth } from './http/staff-auth.js';
import { KioskIdentity } from './identity/kiosk-identity.js';
import type { Logger } from './log/logger.js';
import type { Disposable, RadioStatus } from './ports.js';
import { createRadio, type Radio } from './radio/create-radio.js';
import { openKioskStore, type KioskStore } from './store/kiosk-store.js';
import { loadOrCreateDeviceKey } from './upload/device-key.js';
import { HttpKeyServerClient } from './upload/key-server-client.js';
import { Uploader } from './upload/uploader.js';

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

export async function startKioskCore(config: CoreConfig, log: Logger): Promise<RunningCore> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const startedAt = Date.now();
  const clock = createSystemClock({ mode: config.clock });
  const store: KioskStore = openKioskStore({
    path: join(config.dataDir, 'kiosk.db'),
    retentionDays: config.retentionDays,
    clock,
    log: log.child('store').info,
  });
  const engine = new EncounterEngine({ store, clock, config: { calibration: { rssiAt1m: config.rssiAt1m } }, log: log.child('engine').info });
  const radio: Radio = await createRadio(
    {
      mode: config.radio.mode,
      ...(config.radio.scannerHciDevice !== undefined ? { scannerHciDevice: config.radio.scannerHciDevice } : {}),
      ...(config.radio.beaconHciDevice !== undefined ? { beaconHciDevice: config.radio.beaconHciDevice } : {}),
      ...(config.radio.replayFile ? { replayFile: config.radio.replayFile } : {}),
      replaySpeed: config.radio.replaySpeed,
      ibeaconWakeup: config.radio.ibeaconWakeup,
      gattConcurrency: config.radio.gattConcurrency,
      sim: {
        targetPresent: config.radio.simPresent,
        checkInShare: config.radio.simCheckInShare,
        ...(config.radio.simSeed !== undefined ? { seed: config.radio.simSeed } : {}) },
    },
    { clock, log: log.child('radio').info },
  );
  const identity = new KioskIdentity({ slotKeys: store.slotKeys, clock, beacon: radio.beacon, log: log.child('identity').info });

  const listeners = new Set<(e: CoreEvent) => void>();
  const publish = (e: CoreEvent) => {
    for (const l of listeners) l(e);
  };
  const subscriptions: Disposable[] = [];
  let radioStatus: RadioStatus = radio.scanner.status();
  let radioSince = startedAt;
  let clockSynced = clock.synced();
  let clockSince = startedAt;

  subscriptions.push(radio.scanner.onSighting((s) => engine.ingest(s)));
  subscriptions.push(
    radio.scanner.onStatus((s) => {
      if (s.state !== radioStatus.state) radioSince = clock.now();
      radioStatus = s;
      publish({ type: 'status', status: facade.status() });
    }),
  );
  subscriptions.push(engine.onCheckIn((e) => publish({ type: 'checkin', protocol: e.protocol, at: e.at })));

  const deviceKey = loadOrCreateDeviceKey(join(config.dataDir, 'device-key.pem'));
  const heartbeat = (): Heartbeat => ({
    version: config.version,
    radio_state: radioStatus.state,
    clock_synced: clock.synced(),
    queue_depth: store.outbox.depth(),
    free_disk_mb: freeDiskMb(config.dataDir),
    sent_at: clock.now(),
  });
  const uploader = new Uploader({
    store,
    client: config.serverUrl ? new HttpKeyServerClient({ baseUrl: config.serverUrl, deviceKey, now: () => clock.now() }) : null,
    deviceKey,
    now: () => clock.now(),
    heartbeat,
    enrollmentCode: config.enrollmentCode,
    version: config.version,
    intervalMs: config.uploadIntervalMs,
    log: log.child('upload').info,
  });

  const facade: CoreFacade = {
    status(): CoreSnapshot {
      const now = clock.now();
      const up = uploader.status();
      const synced = clock.synced();
      return {
        venue_name: up.venue?.name ?? config.venueName,
        install_url: config.installUrl,
        radio_state: radioStatus.state,
        clock_synced: synced,
        here_now: engine.presence(now),
        slot_devices: engine.slotDevices(now),
        today_devices: engine.todayDevices(now),
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
        }),
        report_requests: up.reportRequests,
        now,
      };
    },
    addTally(kind: TallyKind, delta: number) {
      engine.addTally(kind, delta);
      publish({ type: 'status', status: facade.status() });
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

  let server: FastifyInstance;
  try {
    engine.start();
    await identity.start();
    await radio.beacon.start();
    await radio.scanner.start();
    uploader.start();
    server = await buildApiServer({
      core: facade,
      uiDir: config.uiDir,
      staffAuth: config.staffPin === null ? null : new StaffAuth(config.staffPin),
    });
    await server.listen({ host: config.host, port: config.port });
  } catch (err) {
    await radio.dispose().catch(() => undefined);
    engine.dispose();
    store.close();
    throw err;
  }
  const bound = server.server.address();
  const port = bound && typeof bound === 'object' ? bound.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info('core_started', { url, radio: config.radio.mode, enrolled: uploader.status().enrolled, staff_pin: config.staffPin !== null });
  if (config.staffPin === null) log.warn('staff_console_open', { hint: 'set BZ_STAFF_PIN so only staff can open the staff console' });

  let stopping: Promise<void> | null = null;
  return {
    url,
    facade,
    stop() {
      stopping ??= (async () => {
        clearInterval(presenceTimer);
        for (const s of subscriptions) s.dispose();
        await server.close();
        await uploader.stop();
        identity.stop();
        await radio.dispose();
        engine.dispose();
        store.close();
        clock.dispose();
        log.info('core_stopped');
      })();
      return stopping;
    },
  };
}
