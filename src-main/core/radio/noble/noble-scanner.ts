// The Scanner port on noble. Owns the adapter state machine the Pi needs (docs/architecture.md
// §3 pitfalls): waits through poweredOff, reports no_adapter when the state stays 'unknown'
// (never hangs), restarts scanning after errors, and a watchdog restarts it when the event
// flow stops while powered on (noble #223/#632). Adverts are classified by the pure codecs;
// only decoded sightings leave — no MAC, no name.
import type { Disposable, Listener, RadioStatus, Scanner, ScannerStats, Clock } from '../../ports.js';
import type { Sighting } from '../../../../shared/domain/types.js';
import { classifyNobleAdvertisement, type RejectReason } from '../../../../shared/protocol/advert-classifier.js';
import { toHex } from '../../../../shared/hex.js';
import { IosIdReader, type IosIdReaderOptions } from '../gatt/ios-id-reader.js';
import { ListenerSet, type RadioLog } from '../listener-set.js';
import { withTimeout } from '../radio-error.js';
import { readIosIdViaNoble } from './noble-gatt-read.js';
import type { LoadedNoble, NoblePeripheral } from './noble-types.js';
import { loadOrReportNoAdapter } from '../load-native.js';

/** With no adapter (noble could not open it), try again this often. */
const NO_ADAPTER_RETRY_MS = 15_000;

export interface NobleScannerOptions {
  readonly load: () => Promise<LoadedNoble>;
  readonly clock: Clock;
  readonly log: RadioLog;
  /** State still 'unknown' after this long → no_adapter. */
  readonly unknownTimeoutMs: number;
  /** No discover event for this long while scanning → restart the scan. */
  readonly watchdogMs: number;
  readonly restartDelayMs: number;
  readonly scanStartTimeoutMs: number;
  readonly gatt: IosIdReaderOptions;
  /** Called once the scanner has started (the simulator and replay start their air then). */
  readonly afterStart?: () => void;
  /** Peripherals not heard for this long are dropped from noble's tables (default 5 min). */
  readonly peripheralIdleMs?: number;
  /** Taps each raw report (record mode). */
  readonly onRawReport?: Parameters<LoadedNoble['onRawReport']>[0];
  /** Taps each GATT read (record mode); the address never leaves the radio layer otherwise. */
  readonly onGattRead?: (address: string, result: { value: Uint8Array } | { error: string }) => void;
}

const SWEEP_EVERY_MS = 60_000;
const DEFAULT_PERIPHERAL_IDLE_MS = 300_000;

const emptyStats = (): ScannerStats => ({
  adverts: 0,
  bluezoneAndroid: 0,
  bluezoneIos: 0,
  gaen: 0,
  kiosks: 0,
  noise: 0,
  rejected: 0,
  gattReads: 0,
  gattFailures: 0,
});

export class NobleScanner implements Scanner {
  private loaded: LoadedNoble | null = null;
  private current: RadioStatus = { state: 'stopped' };
  private readonly sightings: ListenerSet<Sighting>;
  private readonly statuses: ListenerSet<RadioStatus>;
  private readonly counters = emptyStats();
  readonly rejectReasons = new Map<RejectReason, number>();
  private wanted = false;
  private nobleState = 'unknown';
  private scanning = false;
  private lastEventAt = 0;
  private unknownTimer: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private noAdapterRetry: NodeJS.Timeout | null = null;
  private readonly cleanups: (() => void)[] = [];
  private readonly ios: IosIdReader;
  watchdogRestarts = 0;

  constructor(private readonly options: NobleScannerOptions) {
    this.sightings = new ListenerSet(options.log, 'sighting');
    this.statuses = new ListenerSet(options.log, 'scanner_status');
    this.ios = new IosIdReader(options.gatt, () => options.clock.now(), {
      onId: (id, rssi) => this.emitSighting('bluezone_ios', toHex(id), rssi),
      onRead: (r) => {
        if (r.ok) this.counters.gattReads += 1;
        else {
          this.counters.gattFailures += 1;
          if (r.reason === 'gatt_bad_length') this.counters.rejected += 1;
        }
      },
    }, options.log);
  }

  onSighting(listener: Listener<Sighting>): Disposable {
    return this.sightings.add(listener);
  }

  onStatus(listener: Listener<RadioStatus>): Disposable {
    return this.statuses.add(listener);
  }

  status(): RadioStatus {
    return this.current;
  }

  stats(): Readonly<ScannerStats> {
    return { ...this.counters };
  }

  /** GATT queue depth and in-flight connections (diagnostics). */
  gattLoad(): { queued: number; active: number } {
    return { queued: this.ios.queueDepth, active: this.ios.active };
  }

  async start(): Promise<void> {
    if (this.wanted) return;
    this.wanted = true;
    this.setStatus({ state: 'starting' });
    this.loaded = await loadOrReportNoAdapter(this.options.load, 'scanner', this.options.log, (status) => this.setStatus(status));
    if (!this.loaded) return;
    if (!this.wanted) return;
    const { noble } = this.loaded;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- noble's events are untyped
    const on = (event: string, fn: (...args: any[]) => void) => {
      noble.on(event, fn);
      this.cleanups.push(() => noble.off(event, fn));
    };
    on('discover', (p: NoblePeripheral) => this.onDiscover(p));
    on('scanStop', () => this.onScanStop());
    on('warning', (message: string) => this.options.log('noble_warning', { message }));
    if (this.options.onRawReport) this.cleanups.push(this.loaded.onRawReport(this.options.onRawReport));
    this.unknownTimer = setTimeout(() => {
      if (this.nobleState === 'unknown' && this.wanted) {
        this.setStatus({ state: 'no_adapter', detail: 'adapter_state_unknown' });
      }
    }, this.options.unknownTimeoutMs);
    // Subscribing to stateChange is what makes noble initialise its bindings.
    try {
      on('stateChange', (state: string) => this.onState(state));
    } catch (error) {
      // noble opens the HCI socket here; with no adapter yet (ENODEV) it throws. Report
      // "no adapter" and try again later; the core keeps running.
      this.options.log('scanner_load_failed', { error }, 'error');
      await this.stop();
      const code = (error as { code?: unknown }).code;
      this.setStatus({ state: 'no_adapter', detail: `hci_unavailable${typeof code === 'string' ? `: ${code}` : ''}` });
      this.noAdapterRetry = setTimeout(() => void this.start(), NO_ADAPTER_RETRY_MS);
      return;
    }
    this.watchdog = setInterval(() => this.checkWatchdog(), Math.max(50, this.options.watchdogMs / 4));
    this.sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    this.options.afterStart?.();
  }

  /** Drops idle peripherals from noble's memory (also run periodically). */
  sweep(maxIdleMs = this.options.peripheralIdleMs ?? DEFAULT_PERIPHERAL_IDLE_MS): number {
    return this.loaded?.forgetIdle(maxIdleMs) ?? 0;
  }

  /** Peripherals noble currently holds state for (diagnostics). */
  trackedPeripherals(): number {
    return this.loaded?.trackedPeripherals() ?? 0;
  }

  async stop(): Promise<void> {
    this.wanted = false;
    if (this.noAdapterRetry) clearTimeout(this.noAdapterRetry);
    this.noAdapterRetry = null;
    for (const t of [this.unknownTimer, this.restartTimer]) if (t) clearTimeout(t);
    if (this.watchdog) clearInterval(this.watchdog);
    if (this.sweeper) clearInterval(this.sweeper);
    this.unknownTimer = this.restartTimer = this.watchdog = this.sweeper = null;
    this.ios.stop();
    if (this.loaded && this.scanning && this.nobleState === 'poweredOn') {
      try {
        await withTimeout(this.loaded.noble.stopScanningAsync(), this.options.scanStartTimeoutMs, 'scan_stop_timeout');
      } catch (error) {
        this.options.log('scan_stop_failed', { error }, 'warn');
      }
    }
    this.scanning = false;
    for (const c of this.cleanups.splice(0)) c();
    this.loaded?.close();
    this.loaded = null;
    this.setStatus({ state: 'stopped' });
  }

  private setStatus(status: RadioStatus): void {
    if (status.state === this.current.state && status.detail === this.current.detail) return;
    this.current = status;
    this.options.log('scanner_status', { state: status.state, detail: status.detail });
    this.statuses.emit(status);
  }

  private onState(state: string): void {
    this.nobleState = state;
    // noble's bindings have initialised by the time they report a state.
    this.loaded?.releaseSignalHook();
    if (!this.wanted) return;
    if (state === 'poweredOn') {
      void this.startScan();
    } else if (state === 'poweredOff') {
      // Wait: noble re-initialises and reports poweredOn when the adapter comes back up.
      this.scanning = false;
      this.setStatus({ state: 'powered_off' });
    } else if (state === 'unauthorized') {
      this.setStatus({ state: 'error', detail: 'hci_unauthorized: grant cap_net_raw,cap_net_admin to node' });
    } else if (state === 'unsupported') {
      this.setStatus({ state: 'no_adapter', detail: 'adapter_without_le' });
    }
  }

  private async startScan(): Promise<void> {
    const loaded = this.loaded;
    if (!loaded || !this.wanted || this.nobleState !== 'poweredOn') return;
    try {
      this.lastEventAt = performance.now();
      await withTimeout(loaded.noble.startScanningAsync([], true), this.options.scanStartTimeoutMs, 'scan_start_timeout');
      if (!this.wanted) return;
      this.scanning = true;
      this.lastEventAt = performance.now();
      this.setStatus({ state: 'scanning' });
    } catch (error) {
      this.scanning = false;
      this.options.log('scan_start_failed', { error }, 'warn');
      // The adapter went away meanwhile: its state change, not this failure, decides the status.
      if (this.nobleState !== 'poweredOn' || !this.wanted) return;
      this.setStatus({ state: 'error', detail: error instanceof Error ? error.message : 'scan_start_failed' });
      this.scheduleRestart();
    }
  }

  private scheduleRestart(): void {
    if (this.restartTimer || !this.wanted) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.restartScan();
    }, this.options.restartDelayMs);
  }

  private async restartScan(): Promise<void> {
    const loaded = this.loaded;
    if (!loaded || !this.wanted || this.nobleState !== 'poweredOn') return;
    if (this.scanning) {
      this.scanning = false;
      try {
        await withTimeout(loaded.noble.stopScanningAsync(), this.options.scanStartTimeoutMs, 'scan_stop_timeout');
      } catch (error) {
        this.options.log('scan_stop_failed', { error }, 'warn');
      }
    }
    await this.startScan();
  }

  private onScanStop(): void {
    if (!this.scanning || !this.wanted) return;
    // Someone (BlueZ, a connection, the controller) stopped our scan: start it again.
    this.scanning = false;
    this.options.log('scan_stopped_unexpectedly', undefined, 'warn');
    this.scheduleRestart();
  }

  private checkWatchdog(): void {
    if (!this.wanted || !this.scanning || this.nobleState !== 'poweredOn') return;
    if (performance.now() - this.lastEventAt < this.options.watchdogMs) return;
    this.watchdogRestarts += 1;
    this.lastEventAt = performance.now();
    this.options.log('scan_watchdog_restart', { silentMs: this.options.watchdogMs }, 'warn');
    void this.restartScan();
  }

  private onDiscover(p: NoblePeripheral): void {
    this.lastEventAt = performance.now();
    this.counters.adverts += 1;
    const c = classifyNobleAdvertisement(p.advertisement);
    switch (c.kind) {
      case 'bluezone_android':
        this.counters.bluezoneAndroid += 1;
        this.emitSighting('bluezone_android', toHex(c.id), p.rssi);
        break;
      case 'gaen':
        this.counters.gaen += 1;
        this.emitSighting('gaen', toHex(c.rpi), p.rssi);
        break;
      case 'bluezone_ios_candidate':
        this.ios.offer(p.id, p.rssi, async (timeoutMs) => {
          const tap = this.options.onGattRead;
          try {
            const value = await readIosIdViaNoble(p, timeoutMs, this.options.log);
            tap?.(p.address, { value });
            return value;
          } catch (error) {
            tap?.(p.address, { error: (error as { code?: string }).code ?? 'gatt_error' });
            throw error;
          }
        });
        break;
      case 'kiosk':
        this.counters.kiosks += 1;
        break;
      case 'noise':
        this.counters.noise += 1;
        break;
      case 'rejected':
        this.counters.rejected += 1;
        this.rejectReasons.set(c.reason, (this.rejectReasons.get(c.reason) ?? 0) + 1);
        break;
    }
  }

  private emitSighting(protocol: Sighting['protocol'], id: string, rssi: number): void {
    if (protocol === 'bluezone_ios') this.counters.bluezoneIos += 1;
    this.sightings.emit({
      protocol,
      id,
      rssi,
      at: this.options.clock.now(),
      trusted: this.options.clock.synced(),
    });
  }
}
