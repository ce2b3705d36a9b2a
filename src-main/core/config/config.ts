// The kiosk core's one validated configuration. process.env is read here and nowhere else;
// an invalid value stops start-up with a message that says which variable to fix and how.
import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../../../shared/domain/local-day.js';
import { EngineConfigError, resolveEngineConfig } from '../../../shared/domain/engine/engine-config.js';
import type { ClockMode } from '../clock/system-clock.js';
import { RadioConfigError, resolveRadioConfig, type RadioConfig, type RadioMode } from '../radio/radio-config.js';
import { DEFAULT_SIM_CONFIG, type StaffPhoneMode } from '../radio/sim/sim-config.js';


export interface CoreConfig {
  host: string;
  port: number;
  dataDir: string;
  uiDir: string;
  radio: {
    mode: RadioMode;
    scannerHciDevice?: number;
    beaconHciDevice?: number;
    replayFile?: string;
    replaySpeed: number;
    ibeaconWakeup: boolean;
    gattConcurrency: number;
    simSeed?: number;
    simPresent: number;
    simCheckInShare: number;
    simStaffPhone: StaffPhoneMode;
    /** Advert interval of each simulated phone while it advertises (BZ_SIM_ADVERT_INTERVAL_MS). */
    simAdvertIntervalMs: number;
    /** Mean time between simulated arrivals while fewer than simPresent are there. */
    simArrivalIntervalMs: number;
  };
  clock: ClockMode;
  serverUrl: string | null;
  enrollmentCode: string | null;
  installUrl: string;
  venueName: string;
  retentionDays: number;
  uploadIntervalMs: number;
  /** IANA zone of the venue: "today", tallies and day summaries start at its midnight. */
  timeZone: string;
  /** Path-loss model's 1-m RSSI; undefined keeps the engine's one default. */
  rssiAt1m: number | undefined;
  /** Distance thresholds set by the installer (dBm), or null: calibrate on site. */
  distanceThresholds: { nearMinRssi: number; midMinRssi: number } | null;
  /** How long the calibration wizard measures each of its two points (BZ_CALIBRATION_SECONDS). */
  calibrationSeconds: number;
  version: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** PIN for the staff console; null leaves the console open to anyone at the touchscreen. */
  staffPin: string | null;
  /** Who staff call about the kiosk (e.g. the district ICT office's phone), shown with alerts. */
  supportContact: string | null;
}

export class ConfigError extends Error {
  readonly code = 'invalid_config';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/** BZ_NEAR_MIN_RSSI and BZ_MID_MIN_RSSI: both or neither, near stronger than mid. */
function readThresholds(r: Reader): { nearMinRssi: number; midMinRssi: number } | null {
  const near = r.optInt('BZ_NEAR_MIN_RSSI', -127, 20);
  const mid = r.optInt('BZ_MID_MIN_RSSI', -127, 20);
  if (near === undefined && mid === undefined) return null;
  if (near === undefined || mid === undefined) {
    r.problems.push('BZ_NEAR_MIN_RSSI and BZ_MID_MIN_RSSI: set both (dBm, e.g. -65 and -75) or neither');
    return null;
  }
  if (near <= mid) {
    r.problems.push(`BZ_NEAR_MIN_RSSI=${near} must be stronger (greater) than BZ_MID_MIN_RSSI=${mid}`);
    return null;
  }
  return { nearMinRssi: near, midMinRssi: mid };
}

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  str(name: string, fallback: string): string {
    const v = this.env[name];
    return v === undefined || v === '' ? fallback : v;
  }

  optStr(name: string): string | null {
    const v = this.env[name];
    return v === undefined || v === '' ? null : v;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push(`${name}=${JSON.stringify(raw)}: expected an integer from ${min} to ${max}`);
      return fallback;
    }
    return n;
  }

  optInt(name: string, min: number, max: number): number | undefined {
    return this.env[name] === undefined || this.env[name] === '' ? undefined : this.int(name, min, min, max);
  }

  num(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      this.problems.push(`${name}=${JSON.stringify(raw)}: expected a number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    this.problems.push(`${name}=${JSON.stringify(raw)}: expected true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name}=${JSON.stringify(raw)}: expected one of ${allowed.join(', ')}`);
    return fallback;
  }

  url(name: string, fallback: string | null, protocols: string[]): string | null {
    const raw = this.optStr(name) ?? fallback;
    if (raw === null) return null;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
      return raw.replace(/\/+$/, '');
    } catch {
      this.problems.push(`${name}=${JSON.stringify(raw)}: expected an ${protocols.join(' or ')} URL`);
      return fallback;
    }
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The key server's URL: https, except to this machine. Over plain http anyone on the path
 * could acknowledge batches that never arrived and inject notices.
 */
function keyServerUrl(r: Reader): string | null {
  const url = r.url('BZ_SERVER_URL', null, ['http:', 'https:']);
  if (url === null) return null;
  const u = new URL(url);
  if (u.protocol === 'http:' && !LOOPBACK_HOSTS.has(u.hostname)) {
    r.problems.push(`BZ_SERVER_URL=${JSON.stringify(url)}: use https:// (plain http is allowed only to 127.0.0.1 or localhost)`);
    return null;
  }
  return url;
}

/** Builds the config from an environment; `root` is the package folder (for dist/renderer). */
export function loadCoreConfig(env: Env, root: string, version = '0.0.0'): CoreConfig {
  const r = new Reader(env);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(root, p));
  const mode = r.oneOf<RadioMode>('BZ_RADIO', 'simulated', ['simulated', 'hci', 'replay']);
  const replayFile = r.optStr('BZ_REPLAY_FILE');
  if (mode === 'replay' && !replayFile) r.problems.push('BZ_RADIO=replay needs BZ_REPLAY_FILE=<capture.jsonl>');
  const host = r.str('BZ_CORE_HOST', '127.0.0.1');
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) r.problems.push(`BZ_CORE_HOST=${JSON.stringify(host)}: expected a host name or IP`);
  const enrollmentCode = r.optStr('BZ_ENROLLMENT_CODE');
  if (enrollmentCode !== null && !/^[A-Za-z0-9-]{8,64}$/.test(enrollmentCode)) {
    r.problems.push('BZ_ENROLLMENT_CODE: expected the 8–64 character code printed by the key server');
  }
  const staffPin = r.optStr('BZ_STAFF_PIN');
  if (staffPin !== null && !/^[0-9]{4,8}$/.test(staffPin)) {
    // The value itself is a secret: the message never repeats it.
    r.problems.push('BZ_STAFF_PIN: expected 4 to 8 digits');
  }
  const config: CoreConfig = {
    host,
    port: r.int('BZ_CORE_PORT', 8787, 0, 65535),
    dataDir: abs(r.str('BZ_DATA_DIR', 'data/kiosk')),
    uiDir: abs(r.str('BZ_UI_DIR', 'dist/renderer')),
    radio: {
      mode,
      scannerHciDevice: r.optInt('BZ_SCANNER_HCI', 0, 15),
      beaconHciDevice: r.optInt('BZ_BEACON_HCI', 0, 15),
      ...(replayFile ? { replayFile: abs(replayFile) } : {}),
      replaySpeed: r.num('BZ_REPLAY_SPEED', 1, 0.01, 1000),
      ibeaconWakeup: r.bool('BZ_IBEACON_WAKEUP', true),
      // Parsed here; its range (1–4) is the radio's rule, reported through componentProblems.
      gattConcurrency: r.int('BZ_GATT_CONCURRENCY', 2, 1, 64),
      simSeed: r.optInt('BZ_SIM_SEED', 0, 2 ** 31 - 1),
      simPresent: r.int('BZ_SIM_PRESENT', 12, 0, 5000),
      simCheckInShare: r.num('BZ_SIM_CHECKIN_SHARE', 0.15, 0, 1),
      simStaffPhone: r.oneOf<StaffPhoneMode>('BZ_SIM_STAFF_PHONE', 'none', ['none', 'follows', 'stays']),
      // Ranges are the radio's rule (radio-config.ts), reported through componentProblems.
      simAdvertIntervalMs: r.int('BZ_SIM_ADVERT_INTERVAL_MS', DEFAULT_SIM_CONFIG.advertIntervalMs, 1, 3_600_000),
      simArrivalIntervalMs: r.int('BZ_SIM_ARRIVAL_INTERVAL_MS', DEFAULT_SIM_CONFIG.arrivalIntervalMs, 1, 3_600_000),
    },
    clock: r.oneOf<ClockMode>('BZ_CLOCK', mode === 'hci' ? 'auto' : 'assume_synced', ['auto', 'assume_synced', 'assume_unsynced']),
    serverUrl: keyServerUrl(r),
    enrollmentCode,
    installUrl: r.url('BZ_INSTALL_URL', 'https://www.bluezone.gov.vn', ['https:', 'http:']) ?? 'https://www.bluezone.gov.vn',
    venueName: r.str('BZ_VENUE_NAME', 'Bluezone'),
    retentionDays: r.int('BZ_RETENTION_DAYS', 21, 1, 365),
    uploadIntervalMs: r.int('BZ_UPLOAD_INTERVAL_MS', 60_000, 500, 3_600_000),
    timeZone: r.str('BZ_TIME_ZONE', DEFAULT_TIME_ZONE),
    rssiAt1m: r.optInt('BZ_RSSI_AT_1M', -100, 0),
    distanceThresholds: readThresholds(r),
    calibrationSeconds: r.int('BZ_CALIBRATION_SECONDS', 60, 10, 300),
    version,
    logLevel: r.oneOf('BZ_LOG_LEVEL', 'info', ['debug', 'info', 'warn', 'error'] as const),
    staffPin,
    supportContact: r.optStr('BZ_SUPPORT_CONTACT'),
  };
  if (!isTimeZone(config.timeZone)) {
    r.problems.push(`BZ_TIME_ZONE=${JSON.stringify(config.timeZone)}: expected an IANA time zone such as Asia/Ho_Chi_Minh`);
  }
  // The radio's and the engine's own checks run here too, so one error lists every problem
  // (BZ_GATT_CONCURRENCY=6 used to pass this file and crash the radio at start).
  for (const problem of componentProblems(config)) {
    const variable = /^(BZ_[A-Z0-9_]+)/.exec(problem)?.[1];
    if (variable === undefined || !r.problems.some((p) => p.startsWith(`${variable}=`))) r.problems.push(problem);
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

/** The radio's configuration, derived once from the core's. */
export function radioConfigOf(config: CoreConfig): RadioConfig {
  const radio = config.radio;
  return {
    mode: radio.mode,
    ...(radio.scannerHciDevice !== undefined ? { scannerHciDevice: radio.scannerHciDevice } : {}),
    ...(radio.beaconHciDevice !== undefined ? { beaconHciDevice: radio.beaconHciDevice } : {}),
    ...(radio.replayFile ? { replayFile: radio.replayFile } : {}),
    replaySpeed: radio.replaySpeed,
    ibeaconWakeup: radio.ibeaconWakeup,
    gattConcurrency: radio.gattConcurrency,
    sim: {
      targetPresent: radio.simPresent,
      checkInShare: radio.simCheckInShare,
      staffPhone: radio.simStaffPhone,
      advertIntervalMs: radio.simAdvertIntervalMs,
      arrivalIntervalMs: radio.simArrivalIntervalMs,
      ...(radio.simSeed !== undefined ? { seed: radio.simSeed } : {}),
    },
  };
}

/** The engine's configuration input, derived once from the core's. */
/** Only what is set: the engine holds the one default (BZ_RSSI_AT_1M is optional). */
export function engineConfigOf(config: CoreConfig): { calibration?: { rssiAt1m: number } } {
  return config.rssiAt1m === undefined ? {} : { calibration: { rssiAt1m: config.rssiAt1m } };
}

/** Which variable sets each radio / engine field, so their messages say what to change. */
const VARIABLE_OF: Record<string, string> = {
  gattConcurrency: 'BZ_GATT_CONCURRENCY',
  replaySpeed: 'BZ_REPLAY_SPEED',
  replayFile: 'BZ_REPLAY_FILE',
  scannerHciDevice: 'BZ_SCANNER_HCI',
  beaconHciDevice: 'BZ_BEACON_HCI',
  'sim.targetPresent': 'BZ_SIM_PRESENT',
  'sim.checkInShare': 'BZ_SIM_CHECKIN_SHARE',
  'sim.advertIntervalMs': 'BZ_SIM_ADVERT_INTERVAL_MS',
  'sim.arrivalIntervalMs': 'BZ_SIM_ARRIVAL_INTERVAL_MS',
  'sim.seed': 'BZ_SIM_SEED',
  'calibration.rssiAt1m': 'BZ_RSSI_AT_1M',
};

function named(problem: string): string {
  const field = /^([A-Za-z.]+)/.exec(problem)?.[1] ?? '';
  const variable = VARIABLE_OF[field];
  return variable === undefined ? problem : `${variable}: ${problem}`;
}

function componentProblems(config: CoreConfig): string[] {
  const problems: string[] = [];
  try {
    resolveRadioConfig(radioConfigOf(config));
  } catch (err) {
    if (!(err instanceof RadioConfigError)) throw err;
    problems.push(...err.problems.map(named));
  }
  try {
    resolveEngineConfig(engineConfigOf(config));
  } catch (err) {
    if (!(err instanceof EngineConfigError)) throw err;
    problems.push(named(`${err.field} ${err.message.replace(/^invalid_engine_config: \S+ /, '')}`));
  }
  return problems;
}
