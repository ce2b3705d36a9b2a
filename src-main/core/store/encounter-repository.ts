// Encounters and attendance rows written by the engine's flush.
import type { Database, Statement } from 'better-sqlite3';
import type { DistanceClass, Protocol } from '../../../shared/domain/types.js';
import type { AttendanceRow, EncounterRow } from './store-types.js';

interface EncounterDbRow {
  slot: number;
  visitor_id: string;
  trusted: number;
  protocol: Protocol;
  first_seen: number;
  last_seen: number;
  count: number;
  rssi_max: number;
  rssi_median: number;
  distance: DistanceClass;
  checked_in: number;
}

interface AttendanceDbRow {
  slot: number;
  bluezone_devices: number;
  gaen_devices: number;
  continued: number;
  presence_ms: number;
}

type EncounterParams = [number, string, number, string, number, number, number, number, number, string, number];

export class EncounterRepository {
  private readonly upsertStmt: Statement<EncounterParams>;
  private readonly slotStmt: Statement<[number, number], EncounterDbRow>;
  private readonly countStmt: Statement<[], { n: number }>;

  constructor(db: Database) {
    // The engine writes absolute values from memory; the merge keeps the row monotonic
    // (earliest first_seen, latest last_seen, checked_in sticky) even if a slot was
    // reloaded or a write is replayed, and marks the row for the next upload batch.
    this.upsertStmt = db.prepare(`
      INSERT INTO encounters (slot, visitor_id, trusted, protocol, first_seen, last_seen, count,
                              rssi_max, rssi_median, distance, checked_in, sealed)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
      ON CONFLICT (slot, visitor_id, trusted) DO UPDATE SET
        first_seen  = min(first_seen, excluded.first_seen),
        last_seen   = max(last_seen, excluded.last_seen),
        count       = max(count, excluded.count),
        rssi_max    = max(rssi_max, excluded.rssi_max),
        rssi_median = excluded.rssi_median,
        distance    = excluded.distance,
        checked_in  = max(checked_in, excluded.checked_in),
        sealed      = 0`);
    this.slotStmt = db.prepare(
      `SELECT slot, visitor_id, trusted, protocol, first_seen, last_seen, count, rssi_max, rssi_median, distance, checked_in
       FROM encounters WHERE slot = ? AND trusted = ?`,
    );
    this.countStmt = db.prepare('SELECT COUNT(*) AS n FROM encounters');
  }

  upsert(r: EncounterRow): void {
    this.upsertStmt.run(
      r.slot,
      r.visitorId,
      r.trusted ? 1 : 0,
      r.protocol,
      r.firstSeen,
      r.lastSeen,
      r.count,
      r.rssiMax,
      r.rssiMedian,
      r.distance,
      r.checkedIn ? 1 : 0,
    );
  }

  /** Every encounter of one slot and trust level (used to reload a slot after restart). */
  slot(slot: number, trusted: boolean): EncounterRow[] {
    return this.slotStmt.all(slot, trusted ? 1 : 0).map((r) => ({
      slot: r.slot,
      visitorId: r.visitor_id,
      trusted: r.trusted === 1,
      protocol: r.protocol,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      count: r.count,
      rssiMax: r.rssi_max,
      rssiMedian: r.rssi_median,
      distance: r.distance,
      checkedIn: r.checked_in === 1,
    }));
  }

  count(): number {
    return this.countStmt.get()?.n ?? 0;
  }
}

export class AttendanceRepository {
  private readonly upsertStmt: Statement<[number, number, number, number, number]>;
  private readonly rangeStmt: Statement<[number, number], AttendanceDbRow>;

  constructor(db: Database) {
    this.upsertStmt = db.prepare(`
      INSERT INTO attendance (slot, bluezone_devices, gaen_devices, continued, presence_ms, sealed)
      VALUES (?, ?, ?, ?, ?, 0)
      ON CONFLICT (slot) DO UPDATE SET
        bluezone_devices = excluded.bluezone_devices,
        gaen_devices     = excluded.gaen_devices,
        continued        = excluded.continued,
        presence_ms      = excluded.presence_ms,
        sealed           = 0`);
    this.rangeStmt = db.prepare(
      'SELECT slot, bluezone_devices, gaen_devices, continued, presence_ms FROM attendance WHERE slot BETWEEN ? AND ? ORDER BY slot',
    );
  }

  upsert(r: AttendanceRow): void {
    this.upsertStmt.run(r.slot, r.bluezoneDevices, r.gaenDevices, r.continued, Math.round(r.presenceMs));
  }

  range(fromSlot: number, toSlot: number): AttendanceRow[] {
    return this.rangeStmt.all(fromSlot, toSlot).map((r) => ({
      slot: r.slot,
      bluezoneDevices: r.bluezone_devices,
      gaenDevices: r.gaen_devices,
      continued: r.continued,
      presenceMs: r.presence_ms,
    }));
  }
}
