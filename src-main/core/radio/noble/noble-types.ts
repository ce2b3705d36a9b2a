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
}
