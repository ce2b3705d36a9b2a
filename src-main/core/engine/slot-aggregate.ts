// In-memory state of one slot (for one clock-trust level): its live encounters and the
// counters the UI and the attendance rows need, maintained incrementally so the ingest
// hot path never scans.
import { classifyRssi, type DistanceThresholds } from '../../../shared/domain/engine/distance-model.js';
import { newCheckInState, type CheckInState } from '../../../shared/domain/engine/check-in-detector.js';
import { RssiHistogram, clampRssi } from '../../../shared/domain/engine/rssi-histogram.js';
import { slotEnd } from '../../../shared/domain/slots.js';
import type { Protocol } from '../../../shared/domain/types.js';
import type { AttendanceRow, EncounterRow } from '../store/store-types.js';

export interface LiveEncounter {
  readonly id: string;
  readonly protocol: Protocol;
  readonly agg: SlotAggregate;
  firstSeen: number;
  lastSeen: number;
  lastCountedAt: number;
  count: number;
  rssiMax: number;
  readonly hist: RssiHistogram;
  checkedIn: boolean;
  dirty: boolean;
  readonly checkIn: CheckInState;
}

export type ProtocolCounts = Record<Protocol, number>;

export function zeroCounts(): ProtocolCounts {
  return { bluezone_android: 0, bluezone_ios: 0, gaen: 0 };
}

export class SlotAggregate {
  readonly encounters = new Map<string, LiveEncounter>();
  readonly devices: ProtocolCounts = zeroCounts();
  /** Estimated carry-overs from the previous slot (continuity, local only). */
  continued = 0;
  /** The continuity windows around this slot's start have passed. */
  continuityFinal = false;
  /** Sum of encounter durations (ms). */
  presenceMs = 0;
  /** Attendance values changed since the last flush. */
  dirty = false;

  constructor(
    readonly slot: number,
    readonly trusted: boolean,
  ) {}

  get deviceTotal(): number {
    return this.devices.bluezone_android + this.devices.bluezone_ios + this.devices.gaen;
  }

  /** A new encounter, counted at its first reception. */
  create(id: string, protocol: Protocol, rssi: number, at: number): LiveEncounter {
    const enc: LiveEncounter = {
      id,
      protocol,
      agg: this,
      firstSeen: at,
      lastSeen: at,
      lastCountedAt: at,
      count: 1,
      rssiMax: clampRssi(rssi),
      hist: new RssiHistogram(),
      checkedIn: false,
      dirty: false,
      checkIn: newCheckInState(),
    };
    enc.hist.add(rssi);
    this.encounters.set(id, enc);
    this.devices[protocol] += 1;
    this.dirty = true;
    return enc;
  }

  /** Restores an encounter written before a restart; the median reseeds the histogram. */
  restore(row: EncounterRow): LiveEncounter {
    const enc: LiveEncounter = {
      id: row.visitorId,
      protocol: row.protocol,
      agg: this,
      firstSeen: row.firstSeen,
      lastSeen: row.lastSeen,
      lastCountedAt: row.lastSeen,
      count: row.count,
      rssiMax: row.rssiMax,
      hist: new RssiHistogram(),
      checkedIn: row.checkedIn,
      dirty: false,
      checkIn: newCheckInState(),
    };
    enc.hist.add(row.rssiMedian, row.count);
    this.encounters.set(row.visitorId, enc);
    this.devices[row.protocol] += 1;
    this.presenceMs += row.lastSeen - row.firstSeen;
    return enc;
  }

  attendanceRow(): AttendanceRow {
    return {
      slot: this.slot,
      bluezoneDevices: this.devices.bluezone_android + this.devices.bluezone_ios,
      gaenDevices: this.devices.gaen,
      continued: this.continued,
      presenceMs: this.presenceMs,
    };
  }
}

export function encounterRow(enc: LiveEncounter, thresholds: DistanceThresholds): EncounterRow {
  // Distance from the median: the smoothing that survives RSSI swings of tens of dB.
  const median = enc.hist.median() ?? enc.rssiMax;
  return {
    slot: enc.agg.slot,
    visitorId: enc.id,
    trusted: enc.agg.trusted,
    protocol: enc.protocol,
    firstSeen: enc.firstSeen,
    // A phone's late-rotated ID is heard a few seconds past its slot's end (it stays in the
    // slot it belongs to); the row keeps within the slot, as exposure matching expects.
    lastSeen: Math.min(enc.lastSeen, slotEnd(enc.agg.slot) - 1),
    count: enc.count,
    rssiMax: enc.rssiMax,
    rssiMedian: median,
    distance: classifyRssi(median, thresholds),
    checkedIn: enc.checkedIn,
  };
}
