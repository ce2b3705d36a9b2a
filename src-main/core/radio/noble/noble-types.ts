// The slice of noble's API the scanner uses, typed here because noble's own typings cover
// only its default (side-effecting) entry point.
import type { EventEmitter } from 'node:events';

export interface NobleCharacteristic {
  readonly uuid: string;
  readAsync(): Promise<Buffer>;
}

export interface NoblePeripheral extends EventEmitter {
  readonly id: string;
  readonly address: string;
  readonly addressType: string;
  readonly rssi: number;
  readonly state: string;
  readonly advertisement: unknown;
  connectAsync(): Promise<void>;
  cancelConnect(): void;
  disconnectAsync(): Promise<void>;
  discoverSomeServicesAndCharacteristicsAsync(
    serviceUuids: string[],
    characteristicUuids: string[],
  ): Promise<{ characteristics: NobleCharacteristic[] }>;
}

export interface Noble extends EventEmitter {
  readonly state: string;
  startScanningAsync(serviceUuids: string[], allowDuplicates: boolean): Promise<void>;
  stopScanningAsync(): Promise<void>;
  stopScanning(): void;
}

/** One LE advertising report as noble's HCI layer decoded it, before GAP merges it. */
export interface RawAdvertisingReport {
  readonly type: number;
  readonly address: string;
  readonly addressType: string;
  readonly data: Uint8Array;
  readonly rssi: number;
}

export interface LoadedNoble {
  readonly noble: Noble;
  /** Taps noble's HCI layer for the raw advertising data (record/capture). */
  onRawReport(listener: (report: RawAdvertisingReport) => void): () => void;
  /** Stops the HCI socket so no more traffic reaches noble. */
  close(): void;
  /**
   * Drops noble's per-peripheral state (peripheral objects, addresses, GAP merge state) for
   * peripherals not heard for `maxIdleMs`. noble keeps it forever otherwise, which grows
   * without bound as phones rotate random addresses, and keeps MACs longer than a slot.
   */
  forgetIdle(maxIdleMs: number): number;
  /** Peripherals noble currently holds state for. */
  trackedPeripherals(): number;
  /**
   * Removes the SIGINT handler noble's bindings install on init: it calls process.exit(1)
   * when it is the last SIGINT listener, which would skip the core's graceful shutdown.
   * Signals belong to the composition root.
   */
  releaseSignalHook(): void;
}
