// The Beacon port on bleno: advertises the Bluezone Android layout with the kiosk's current
// ID (so Android and iOS Bluezone phones log the kiosk, docs/protocol.md §7) and the
// kiosk marker (shared/protocol/kiosk-advert.ts: other kiosks never count it), serves
// the read-only …A667/…A689 characteristic for iPhones that connect, and optionally
// time-slices the iBeacon wake-up advert. ID changes replace the advertising data in place
// (no disable/enable), so rotation has no gap. A periodic re-assert works around adapters
// that silently stop advertising (bleno #155, #382/#387).
import type { Beacon, Disposable, Listener, RadioStatus } from '../../ports.js';
import { BLUEZONE_IOS_CHARACTERISTIC_UUID, BLUEZONE_IOS_SERVICE_UUID } from '../../../../shared/protocol/ble-uuids.js';
import { BLUEZONE_WAKEUP_IBEACON, encodeIBeacon } from '../../../../shared/protocol/ibeacon-advert.js';
import { encodeKioskAdvert } from '../../../../shared/protocol/kiosk-advert.js';
import { ListenerSet, type RadioLog } from '../listener-set.js';
import type { Bleno, LoadedBleno } from './bleno-types.js';
import { loadOrReportNoAdapter } from '../load-native.js';

/** With no adapter (bleno could not open it), try again this often. */
const NO_ADAPTER_RETRY_MS = 15_000;

export interface BlenoBeaconOptions {
  readonly load: () => Promise<LoadedBleno>;
  readonly log: RadioLog;
  readonly ibeaconWakeup: boolean;
  /** Every period, the iBeacon wake-up advert replaces ours for `wakeupSliceMs`. */
  readonly wakeupPeriodMs: number;
  readonly wakeupSliceMs: number;
  readonly reassertMs: number;
  readonly poweredOnTimeoutMs: number;
}

type Showing = 'none' | 'bluezone' | 'ibeacon';

export class BlenoBeacon implements Beacon {
  private loaded: LoadedBleno | null = null;
  private id: Uint8Array | null = null;
  private poweredOn = false;
  private wanted = false;
  private showing: Showing = 'none';
  private inWakeupSlice = false;
  private current: RadioStatus = { state: 'stopped' };
  private readonly statuses: ListenerSet<RadioStatus>;
  private readonly timers: NodeJS.Timeout[] = [];
  /** The one pending end of a wake-up slice; replaced, never accumulated. */
  private sliceEnd: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  private readonly cleanups: (() => void)[] = [];
  readonly counters = { advertUpdates: 0, reasserts: 0, gattReads: 0 };

  constructor(private readonly options: BlenoBeaconOptions) {
    this.statuses = new ListenerSet(options.log, 'beacon_status');
  }

  onStatus(listener: Listener<RadioStatus>): Disposable {
    return this.statuses.add(listener);
  }

  status(): RadioStatus {
    return this.current;
  }

  /** The advert being broadcast now (diagnostics and tests). */
  get broadcasting(): Showing {
    return this.showing;
  }

  async start(): Promise<void> {
    if (this.wanted) return;
    this.wanted = true;
    this.setStatus({ state: 'starting' });
    this.loaded = await loadOrReportNoAdapter(this.options.load, 'beacon', this.options.log, (status) => this.setStatus(status));
    if (!this.loaded) return;
    const { bleno } = this.loaded;
    const on = (event: string, fn: (arg: string) => void) => {
      bleno.on(event, fn);
      this.cleanups.push(() => bleno.off(event, fn));
    };
    on('advertisingStartError', (error) => this.options.log('beacon_advertising_error', { error }, 'warn'));
    this.timers.push(
      setTimeout(() => {
        if (!this.poweredOn && this.wanted) this.setStatus({ state: 'no_adapter', detail: 'adapter_state_unknown' });
      }, this.options.poweredOnTimeoutMs),
    );
    try {
      on('stateChange', (state) => this.onState(bleno, state));
    } catch (error) {
      // Subscribing to stateChange opens the HCI socket; with no adapter yet (ENODEV) bleno
      // throws here. The beacon reports "no adapter" and tries again, the core keeps running.
      await this.retryLater(error);
      return;
    }
    this.timers.push(setInterval(() => this.reassert(), this.options.reassertMs));
    if (this.options.ibeaconWakeup) {
      this.timers.push(setInterval(() => this.wakeupSlice(), this.options.wakeupPeriodMs));
    }
  }

  /** Closes what start() opened, reports "no adapter" and starts again later. */
  private async retryLater(error: unknown): Promise<void> {
    this.options.log('beacon_load_failed', { error }, 'error');
    await this.stop();
    const code = (error as { code?: unknown }).code;
    this.setStatus({ state: 'no_adapter', detail: `hci_unavailable${typeof code === 'string' ? `: ${code}` : ''}` });
    this.retry = setTimeout(() => void this.start(), NO_ADAPTER_RETRY_MS);
  }

  async stop(): Promise<void> {
    this.wanted = false;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    for (const t of this.timers.splice(0)) clearTimeout(t);
    if (this.sliceEnd) clearTimeout(this.sliceEnd);
    this.sliceEnd = null;
    this.inWakeupSlice = false;
    if (this.loaded && this.poweredOn && this.showing !== 'none') this.loaded.bleno.stopAdvertising();
    this.showing = 'none';
    for (const c of this.cleanups.splice(0)) c();
    this.loaded?.close();
    this.loaded = null;
    this.poweredOn = false;
    this.setStatus({ state: 'stopped' });
  }

  async setId(id: Uint8Array | null): Promise<void> {
    if (id !== null && id.length !== 12) throw new RangeError(`beacon ID must be 12 bytes, got ${id.length}`);
    this.id = id === null ? null : id.slice();
    this.apply();
  }

  private setStatus(status: RadioStatus): void {
    if (status.state === this.current.state && status.detail === this.current.detail) return;
    this.current = status;
    this.options.log('beacon_status', { state: status.state, detail: status.detail });
    this.statuses.emit(status);
  }

  private onState(bleno: Bleno, state: string): void {
    this.loaded?.releaseSignalHook();
    if (!this.wanted) return;
    if (state === 'poweredOn') {
      this.poweredOn = true;
      this.serveGatt(bleno);
      this.showing = 'none';
      this.apply();
    } else {
      this.poweredOn = false;
      this.showing = 'none';
      if (state === 'poweredOff') this.setStatus({ state: 'powered_off' });
      else if (state === 'unauthorized') this.setStatus({ state: 'error', detail: 'hci_unauthorized' });
      else if (state === 'unsupported') this.setStatus({ state: 'no_adapter', detail: 'adapter_without_le' });
    }
  }

  private serveGatt(bleno: Bleno): void {
    const C = bleno.Characteristic;
    const characteristic = new C({
      uuid: BLUEZONE_IOS_CHARACTERISTIC_UUID.replace(/-/g, ''),
      properties: ['read'],
      onReadRequest: (offset, callback) => {
        // Phones read the ID the kiosk is broadcasting right now; none while the clock is unsynced.
        const id = this.id;
        if (id === null) return callback(C.RESULT_UNLIKELY_ERROR);
        if (offset > id.length) return callback(C.RESULT_INVALID_OFFSET);
        this.counters.gattReads += 1;
        callback(C.RESULT_SUCCESS, Buffer.from(id.subarray(offset)));
      },
    });
    const service = new bleno.PrimaryService({
      uuid: BLUEZONE_IOS_SERVICE_UUID.replace(/-/g, ''),
      characteristics: [characteristic],
    });
    bleno.setServices([service], (error) => {
      if (error) this.options.log('beacon_gatt_failed', { error }, 'warn');
    });
  }

  private apply(): void {
    const bleno = this.loaded?.bleno;
    if (!bleno || !this.poweredOn || !this.wanted) return;
    if (this.id === null) {
      if (this.showing !== 'none') bleno.stopAdvertising();
      this.showing = 'none';
      this.setStatus({ state: 'stopped', detail: 'no_id' });
      return;
    }
    const ibeacon = this.inWakeupSlice;
    const data = ibeacon ? encodeIBeacon(BLUEZONE_WAKEUP_IBEACON) : encodeKioskAdvert(this.id);
    bleno.startAdvertisingWithEIRData(Buffer.from(data), Buffer.alloc(0));
    this.counters.advertUpdates += 1;
    this.showing = ibeacon ? 'ibeacon' : 'bluezone';
    this.setStatus({ state: 'scanning', detail: 'advertising' });
  }

  private reassert(): void {
    if (this.showing === 'none') return;
    this.counters.reasserts += 1;
    this.apply();
  }

  private wakeupSlice(): void {
    if (this.id === null || !this.poweredOn) return;
    this.inWakeupSlice = true;
    this.apply();
    // One handle for the slice's end, cleared and replaced: pushing each one onto `timers`
    // kept every fired timeout referenced (about 8,640 a day at the 10-s period).
    if (this.sliceEnd) clearTimeout(this.sliceEnd);
    this.sliceEnd = setTimeout(() => {
      this.sliceEnd = null;
      this.inWakeupSlice = false;
      this.apply();
    }, this.options.wakeupSliceMs);
  }

  /** Timers the beacon holds (diagnostics and the leak test). */
  heldTimers(): number {
    return this.timers.length + (this.sliceEnd ? 1 : 0);
  }
}
