// The radio factory the composition root calls. Picks the adapters from config:
//  - hci: noble + bleno on kernel HCI devices (the Pi);
//  - simulated: a venue simulator on virtual controllers, through the real noble/bleno code;
//  - replay: a recorded capture played back through the same path.
import type { Beacon, Clock, Scanner } from '../ports.js';
import { BlenoBeacon } from './bleno/bleno-beacon.js';
import { loadHciBleno, loadVirtualBleno } from './bleno/load-bleno.js';
import type { LoadedBleno } from './bleno/bleno-types.js';
import { loadCaptureFile, ReplayDriver } from './capture/replay-driver.js';
import { VirtualHciController } from './hci/virtual-hci-controller.js';
import type { RadioLog } from './listener-set.js';
import { loadHciNoble, loadVirtualNoble } from './noble/load-noble.js';
import { NobleScanner } from './noble/noble-scanner.js';
import type { LoadedNoble, RawAdvertisingReport } from './noble/noble-types.js';
import { resolveRadioConfig, type RadioConfig, type ResolvedRadioConfig } from './radio-config.js';
import { VenueSimulator } from './sim/venue-simulator.js';

export type { RadioConfig } from './radio-config.js';
export type { SimConfig } from './sim/sim-config.js';

export interface Radio {
  readonly scanner: Scanner;
  readonly beacon: Beacon;
  /**
   * Simulated radio only: the calibration wizard asks for a phone at this distance (null:
   * no longer), and the simulated venue's staff phone goes there (BZ_SIM_STAFF_PHONE).
   */
  readonly holdStaffPhone?: (distanceM: number | null) => void;
  dispose(): Promise<void>;
}

export interface RadioDeps {
  readonly clock: Clock;
  readonly log?: RadioLog;
  /** Taps every raw advertising report (record mode). */
  readonly onRawReport?: (report: RawAdvertisingReport) => void;
  /** Taps every GATT read of an iPhone (record mode); the address stays in memory. */
  readonly onGattRead?: (address: string, result: { value: Uint8Array } | { error: string }) => void;
}

/** A radio plus what only the virtual modes have (used by tests and the simulator UI). */
export interface RadioInternals extends Radio {
  readonly scanner: NobleScanner;
  readonly beacon: BlenoBeacon;
  readonly scannerController?: VirtualHciController;
  readonly beaconController?: VirtualHciController;
  readonly simulator?: VenueSimulator;
  readonly replay?: ReplayDriver;
}

export async function createRadio(
  config: RadioConfig,
  deps: { clock: Clock; log?: (event: string, fields?: Record<string, unknown>) => void },
): Promise<Radio> {
  return createRadioInternals(config, deps);
}

export async function createRadioInternals(config: RadioConfig, deps: RadioDeps): Promise<RadioInternals> {
  const resolved = resolveRadioConfig(config);
  const log: RadioLog = deps.log ?? (() => undefined);
  if (resolved.mode === 'hci') return hciRadio(resolved, deps, log);

  const scannerController = new VirtualHciController({ address: '00:1a:7d:da:71:01' });
  const beaconController = new VirtualHciController({ address: '00:1a:7d:da:71:02' });
  let simulator: VenueSimulator | undefined;
  let replay: ReplayDriver | undefined;
  if (resolved.mode === 'simulated') {
    simulator = new VenueSimulator(scannerController, resolved.sim, deps.clock);
  } else {
    replay = new ReplayDriver(scannerController, loadCaptureFile(resolved.replayFile!), resolved.replaySpeed, log);
  }
  // The virtual venue starts with the scanner: a capture replays from its start, and the
  // simulated phones' arrivals are meant to be watched from the beginning.
  const scanner = makeScanner(resolved, deps, log, () => loadVirtualNoble(scannerController), () => {
    simulator?.start();
    replay?.start();
  });
  const beacon = makeBeacon(resolved, log, () => loadVirtualBleno(beaconController));
  return {
    scanner,
    beacon,
    scannerController,
    beaconController,
    ...(simulator ? { simulator, holdStaffPhone: (d: number | null) => simulator.holdStaffPhone(d) } : {}),
    ...(replay ? { replay } : {}),
    async dispose() {
      simulator?.stop();
      replay?.stop();
      await scanner.stop();
      await beacon.stop();
      scannerController.close();
      beaconController.close();
    },
  };
}

function hciRadio(resolved: ResolvedRadioConfig, deps: RadioDeps, log: RadioLog): RadioInternals {
  // noble's docs: a scanner sharing its adapter with a peripheral role needs NOBLE_MULTI_ROLE.
  const sameAdapter = (resolved.scannerHciDevice ?? 0) === (resolved.beaconHciDevice ?? 0);
  const scanner = makeScanner(resolved, deps, log, () =>
    loadHciNoble({ ...(resolved.scannerHciDevice !== undefined ? { deviceId: resolved.scannerHciDevice } : {}), multiRole: sameAdapter }),
  );
  const beacon = makeBeacon(resolved, log, () =>
    loadHciBleno(resolved.beaconHciDevice !== undefined ? { deviceId: resolved.beaconHciDevice } : {}),
  );
  return {
    scanner,
    beacon,
    async dispose() {
      await scanner.stop();
      await beacon.stop();
    },
  };
}

function makeScanner(
  resolved: ResolvedRadioConfig,
  deps: RadioDeps,
  log: RadioLog,
  load: () => Promise<LoadedNoble>,
  afterStart?: () => void,
): NobleScanner {
  return new NobleScanner({
    ...(afterStart ? { afterStart } : {}),
    load,
    clock: deps.clock,
    log,
    unknownTimeoutMs: resolved.timing.unknownTimeoutMs,
    watchdogMs: resolved.timing.watchdogMs,
    restartDelayMs: resolved.timing.restartDelayMs,
    scanStartTimeoutMs: resolved.timing.scanStartTimeoutMs,
    gatt: resolved.gatt,
    ...(deps.onRawReport ? { onRawReport: deps.onRawReport } : {}),
    ...(deps.onGattRead ? { onGattRead: deps.onGattRead } : {}),
  });
}

function makeBeacon(resolved: ResolvedRadioConfig, log: RadioLog, load: () => Promise<LoadedBleno>): BlenoBeacon {
  return new BlenoBeacon({
    load,
    log,
    ibeaconWakeup: resolved.ibeaconWakeup,
    wakeupPeriodMs: resolved.timing.wakeupPeriodMs,
    wakeupSliceMs: resolved.timing.wakeupSliceMs,
    reassertMs: resolved.timing.beaconReassertMs,
    poweredOnTimeoutMs: resolved.timing.unknownTimeoutMs,
  });
}
