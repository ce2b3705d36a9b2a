// The slice of bleno's API the beacon uses (bleno ships no typings for its internals).
import type { EventEmitter } from 'node:events';

export interface BlenoCharacteristicOptions {
  uuid: string;
  properties: string[];
  onReadRequest?: (offset: number, callback: (result: number, data?: Buffer) => void) => void;
}

export interface Bleno extends EventEmitter {
  readonly state: string;
  startAdvertisingWithEIRData(advertisementData: Buffer, scanData: Buffer, callback?: (error?: Error | null) => void): void;
  stopAdvertising(callback?: () => void): void;
  setServices(services: unknown[], callback?: (error?: Error | null) => void): void;
  disconnect(): void;
  PrimaryService: new (options: { uuid: string; characteristics: unknown[] }) => unknown;
  Characteristic: (new (options: BlenoCharacteristicOptions) => unknown) & {
    RESULT_SUCCESS: number;
    RESULT_UNLIKELY_ERROR: number;
    RESULT_INVALID_OFFSET: number;
  };
}

export interface LoadedBleno {
  readonly bleno: Bleno;
  /** Removes bleno's process.exit(1)-on-SIGINT handler (see noble-types.ts). */
  releaseSignalHook(): void;
  close(): void;
}
