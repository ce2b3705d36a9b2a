// Row shapes the kiosk store exchanges with the encounter engine.
import type { DistanceClass, Protocol } from '../../../shared/domain/types.js';

/** One encounter: a visitor ID within one slot, aggregated (never the RSSI trace). */
export interface EncounterRow {
  readonly slot: number;
  readonly visitorId: string;
  readonly trusted: boolean;
  readonly protocol: Protocol;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly count: number;
  readonly rssiMax: number;
  readonly rssiMedian: number;
  readonly distance: DistanceClass;
  readonly checkedIn: boolean;
}

/** Attendance of one slot from trusted encounters, plus the local continuity estimate. */
export interface AttendanceRow {
  readonly slot: number;
  readonly bluezoneDevices: number;
  readonly gaenDevices: number;
  /** Estimated devices carried over from the previous slot (local only). */
  readonly continued: number;
  /** Sum of encounter durations (local only, for the dwell estimate). */
  readonly presenceMs: number;
}

/** What the engine writes in one flush, committed in one transaction. */
export interface FlushBatch {
  readonly encounters: readonly EncounterRow[];
  readonly attendance: readonly AttendanceRow[];
}

export interface PurgeResult {
  readonly encounters: number;
  readonly slotKeys: number;
  readonly tallies: number;
  readonly attendance: number;
  readonly outbox: number;
  readonly visitorDays: number;
}

/** Third argument: the level, chosen where the event happens (default info). */
export type StoreLog = (event: string, fields?: Record<string, unknown>, level?: 'debug' | 'info' | 'warn' | 'error') => void;
