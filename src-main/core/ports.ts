// Ports of the kiosk core: small interfaces named by role. Only the composition root
// (main.ts) picks the adapters behind them, from config; each has a fake beside it.
import type { RadioState, Sighting } from '../../shared/domain/types.js';

export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (value: T) => void;

export interface RadioStatus {
  readonly state: RadioState;
  /** Human-readable reason for no_adapter / error states; never contains a MAC. */
  readonly detail?: string;
}

export interface ScannerStats {
  adverts: number;
  bluezoneAndroid: number;
  bluezoneIos: number;
  gaen: number;
  /** Adverts of kiosks of this system (ourselves or a neighbour): never visitors. */
  kiosks: number;
  noise: number;
  rejected: number;
  gattReads: number;
  gattFailures: number;
}

/** Hears visitors' phones; emits decoded sightings (no MAC, no name). */
export interface Scanner {
  start(): Promise<void>;
  stop(): Promise<void>;
  onSighting(listener: Listener<Sighting>): Disposable;
  onStatus(listener: Listener<RadioStatus>): Disposable;
  status(): RadioStatus;
  stats(): Readonly<ScannerStats>;
}

/** Advertises the kiosk's current Bluezone ID so phones log the kiosk as a contact. */
export interface Beacon {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The ID to broadcast now; null stops broadcasting (e.g. clock not synchronised). */
  setId(id: Uint8Array | null): Promise<void>;
  onStatus(listener: Listener<RadioStatus>): Disposable;
  status(): RadioStatus;
}

export interface Clock {
  now(): number;
  /** True when the system clock is synchronised (NTP); a Pi has no RTC. */
  synced(): boolean;
}

/** Persists the kiosk's independent random key per UTC 15-minute slot. */
export interface SlotKeyStore {
  /** The key of a slot, creating it with `generate` if none is stored. */
  getOrCreate(slot: number, generate: () => Uint8Array): Uint8Array;
  /** Keys of slots in [fromSlot, toSlot], oldest first. */
  range(fromSlot: number, toSlot: number): { slot: number; key: Uint8Array }[];
}
