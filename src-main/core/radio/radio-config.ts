// The radio's one configuration object, validated once; an invalid value stops start-up
// with a message naming each field to fix.
import { DEFAULT_IOS_READER, type IosIdReaderOptions } from './gatt/ios-id-reader.js';
import { DEFAULT_SIM_CONFIG, type SimConfig } from './sim/sim-config.js';

export type RadioMode = 'simulated' | 'hci' | 'replay';

/** Adapter state-machine timings (defaults suit a Pi; tests shorten them). */
export interface RadioTiming {
  readonly unknownTimeoutMs: number;
  readonly watchdogMs: number;
  readonly restartDelayMs: number;
  readonly scanStartTimeoutMs: number;
  readonly beaconReassertMs: number;
  readonly wakeupPeriodMs: number;
  readonly wakeupSliceMs: number;
}

export const DEFAULT_TIMING: RadioTiming = {
  unknownTimeoutMs: 10_000,
  watchdogMs: 30_000,
  restartDelayMs: 2_000,
  scanStartTimeoutMs: 5_000,
  beaconReassertMs: 60_000,
  wakeupPeriodMs: 10_000,
  wakeupSliceMs: 1_000,
};

export interface RadioConfig {
  readonly mode: RadioMode;
  /** HCI device index of the scanner (hci mode), e.g. 0 for hci0. */
  readonly scannerHciDevice?: number;
  /** HCI device index of the beacon; a second adapter avoids noble/bleno multi-role bugs. */
  readonly beaconHciDevice?: number;
  /** Capture file to play back (replay mode). */
  readonly replayFile?: string;
  /** 1 = recorded speed, 10 = ten times faster. */
  readonly replaySpeed?: number;
  readonly ibeaconWakeup: boolean;
  /** Simultaneous GATT connections to iPhones (1–4; 1–2 on a Pi). */
  readonly gattConcurrency: number;
  readonly sim?: Partial<SimConfig>;
  readonly timing?: Partial<RadioTiming>;
  readonly gatt?: Partial<Omit<IosIdReaderOptions, 'concurrency'>>;
}

export interface ResolvedRadioConfig {
  readonly mode: RadioMode;
  readonly scannerHciDevice?: number;
  readonly beaconHciDevice?: number;
  readonly replayFile?: string;
  readonly replaySpeed: number;
  readonly ibeaconWakeup: boolean;
  readonly sim: SimConfig;
  readonly timing: RadioTiming;
  readonly gatt: IosIdReaderOptions;
}

export class RadioConfigError extends Error {
  readonly code = 'invalid_radio_config';
  constructor(readonly problems: string[]) {
    super(`invalid_radio_config: ${problems.join('; ')}`);
    this.name = 'RadioConfigError';
  }
}

export function resolveRadioConfig(config: RadioConfig): ResolvedRadioConfig {
  const problems: string[] = [];
  const int = (name: string, v: unknown, min: number, max: number) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      problems.push(`${name} must be an integer in ${min}…${max} (got ${JSON.stringify(v)})`);
    }
  };
  const num = (name: string, v: unknown, min: number, max: number) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      problems.push(`${name} must be a number in ${min}…${max} (got ${JSON.stringify(v)})`);
    }
  };
  if (!['simulated', 'hci', 'replay'].includes(config.mode)) problems.push(`mode must be simulated, hci or replay (got ${JSON.stringify(config.mode)})`);
  if (config.scannerHciDevice !== undefined) int('scannerHciDevice', config.scannerHciDevice, 0, 15);
  if (config.beaconHciDevice !== undefined) int('beaconHciDevice', config.beaconHciDevice, 0, 15);
  if (config.mode === 'replay' && !config.replayFile) problems.push('replayFile is required in replay mode');
  const replaySpeed = config.replaySpeed ?? 1;
  num('replaySpeed', replaySpeed, 0.01, 10_000);
  if (typeof config.ibeaconWakeup !== 'boolean') problems.push('ibeaconWakeup must be true or false');
  int('gattConcurrency', config.gattConcurrency, 1, 4);

  const sim: SimConfig = { ...DEFAULT_SIM_CONFIG, ...config.sim };
  int('sim.targetPresent', sim.targetPresent, 0, 5000);
  int('sim.arrivalIntervalMs', sim.arrivalIntervalMs, 1, 3_600_000);
  int('sim.advertIntervalMs', sim.advertIntervalMs, 20, 60_000);
  int('sim.tickMs', sim.tickMs, 5, 1000);
  int('sim.androidOnMs', sim.androidOnMs, 1, 3_600_000);
  int('sim.androidOffMs', sim.androidOffMs, 0, 3_600_000);
  num('sim.noisePerSecond', sim.noisePerSecond, 0, 10_000);
  int('sim.checkInHoldMs', sim.checkInHoldMs, 0, 60_000);
  for (const k of ['iosShare', 'gaenShare', 'malformedShare', 'iosFailureShare', 'checkInShare'] as const) num(`sim.${k}`, sim[k], 0, 1);
  if (!Array.isArray(sim.dwellMs) || sim.dwellMs.length !== 2 || !(sim.dwellMs[0] >= 1 && sim.dwellMs[1] >= sim.dwellMs[0])) {
    problems.push('sim.dwellMs must be [min, max] with 1 ≤ min ≤ max');
  }
  if (sim.seed !== undefined) int('sim.seed', sim.seed, 0, 2 ** 32 - 1);
  if (!['none', 'follows', 'stays'].includes(sim.staffPhone)) problems.push(`sim.staffPhone must be none, follows or stays (got ${JSON.stringify(sim.staffPhone)})`);

  const timing: RadioTiming = { ...DEFAULT_TIMING, ...config.timing };
  for (const [k, v] of Object.entries(timing)) int(`timing.${k}`, v, 10, 3_600_000);
  const gatt: IosIdReaderOptions = { ...DEFAULT_IOS_READER, ...config.gatt, concurrency: config.gattConcurrency };
  int('gatt.connectTimeoutMs', gatt.connectTimeoutMs, 100, 60_000);
  int('gatt.queueCap', gatt.queueCap, 1, 10_000);
  int('gatt.backoffBaseMs', gatt.backoffBaseMs, 1, 3_600_000);
  int('gatt.backoffMaxMs', gatt.backoffMaxMs, gatt.backoffBaseMs, 86_400_000);

  if (problems.length > 0) throw new RadioConfigError(problems);
  return {
    mode: config.mode,
    ...(config.scannerHciDevice !== undefined ? { scannerHciDevice: config.scannerHciDevice } : {}),
    ...(config.beaconHciDevice !== undefined ? { beaconHciDevice: config.beaconHciDevice } : {}),
    ...(config.replayFile !== undefined ? { replayFile: config.replayFile } : {}),
    replaySpeed,
    ibeaconWakeup: config.ibeaconWakeup,
    sim,
    timing,
    gatt,
  };
}
