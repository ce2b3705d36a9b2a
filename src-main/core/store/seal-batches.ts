// Sealing: everything changed since the last seal becomes one or more KioskBatch bodies
// in the outbox, in the SAME transaction that marks those rows sealed. A crash before
// commit leaves the rows unsealed (sealed again next time); after commit the batch is in
// the outbox (re-sent until acked). Either way nothing is lost or sealed twice.
//
// Server semantics this relies on: encounters upsert by (kiosk, visitor_id, slot) with
// min/max/closest/OR merges, attendance by (kiosk, slot) replaced by the latest values,
// slot keys accepted only for closed slots. So open-slot encounters and attendance may
// be re-sent as they change; keys only once their slot has ended.
import { randomUUID } from 'node:crypto';
import { UPLOADED_PROTOCOLS } from '../../../shared/protocol/advert-protocols.js';
import type { Database, Statement } from 'better-sqlite3';
import {
  MAX_ENCOUNTERS_PER_BATCH,
  MAX_VENUE_DAYS_PER_BATCH,
  type AttendanceRecord,
  type EncounterRecord,
  type Heartbeat,
  type KioskBatch,
  type SlotKeyRecord,
  type VenueDayRecord,
} from '../../../shared/api/kiosk-upload.js';
import { toHex } from '../../../shared/hex.js';
import { arrivalsOf } from '../../../shared/domain/engine/continuity.js';
import { slotOf } from '../../../shared/domain/slots.js';
import type { DistanceClass } from '../../../shared/domain/types.js';
import type { OutboxRepository } from './outbox-repository.js';
import type { VisitorDayRepository } from './visitor-day-repository.js';

/** Schema limits of KioskBatch.slot_keys / .attendance. */
const MAX_KEYS_PER_BATCH = 2016;
const MAX_ATTENDANCE_PER_BATCH = 2016;
const MS_PER_MINUTE = 60_000;

interface SealEncounterRow {
  visitor_id: string;
  /** The query selects uploaded protocols only (advert-protocols.ts). */
  protocol: EncounterRecord['protocol'];
  slot: number;
  first_seen: number;
  last_seen: number;
  distance: DistanceClass;
  checked_in: number;
}

interface SealAttendanceRow {
  slot: number;
  bluezone_devices: number;
  gaen_devices: number;
  continued: number;
  no_app: number;
  helped_install: number;
}

function chunk<T>(items: readonly T[], size: number, index: number): T[] {
  return items.slice(index * size, (index + 1) * size);
}

export class BatchSealer {
  private readonly encStmt: Statement<[], SealEncounterRow>;
  private readonly keyStmt: Statement<[number], { slot: number; key: Buffer }>;
  private readonly attStmt: Statement<[], SealAttendanceRow>;
  private readonly markEnc: Statement<[]>;
  private readonly markKeys: Statement<[number]>;
  private readonly markAtt: Statement<[]>;

  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxRepository,
    private readonly visitorDays: VisitorDayRepository,
  ) {
    this.encStmt = db.prepare(
      `SELECT visitor_id, protocol, slot, first_seen, last_seen, distance, checked_in
       FROM encounters WHERE sealed = 0 AND trusted = 1 AND protocol IN (${UPLOADED_PROTOCOLS.map((p) => `'${p}'`).join(', ')})
       ORDER BY slot, visitor_id`,
    );
    this.keyStmt = db.prepare('SELECT slot, key FROM slot_keys WHERE sealed = 0 AND slot < ? ORDER BY slot');
    this.attStmt = db.prepare(
      `SELECT a.slot, a.bluezone_devices, a.gaen_devices, a.continued,
              COALESCE(n.count, 0) AS no_app, COALESCE(h.count, 0) AS helped_install
       FROM attendance a
       LEFT JOIN tallies n ON n.slot = a.slot AND n.kind = 'no_app'
       LEFT JOIN tallies h ON h.slot = a.slot AND h.kind = 'helped_install'
       WHERE a.sealed = 0 ORDER BY a.slot`,
    );
    this.markEnc = db.prepare('UPDATE encounters SET sealed = 1 WHERE sealed = 0 AND trusted = 1');
    this.markKeys = db.prepare('UPDATE slot_keys SET sealed = 1 WHERE sealed = 0 AND slot < ?');
    this.markAtt = db.prepare('UPDATE attendance SET sealed = 1 WHERE sealed = 0');
  }

  /** Returns the number of batches written (0 when nothing changed). */
  seal(now: number, heartbeat: Heartbeat): number {
    return this.db.transaction(() => {
      const currentSlot = slotOf(now);
      const encounters: EncounterRecord[] = this.encStmt.all().map((r) => ({
        visitor_id: r.visitor_id,
        protocol: r.protocol,
        slot: r.slot,
        first_seen_min: Math.floor(r.first_seen / MS_PER_MINUTE),
        last_seen_min: Math.floor(r.last_seen / MS_PER_MINUTE),
        distance: r.distance,
        checked_in: r.checked_in === 1,
      }));
      const slotKeys: SlotKeyRecord[] = this.keyStmt.all(currentSlot).map((r) => ({ slot: r.slot, key: toHex(r.key) }));
      const attendance: AttendanceRecord[] = this.attStmt.all().map((r) => ({
        slot: r.slot,
        bluezone_devices: r.bluezone_devices,
        gaen_devices: r.gaen_devices,
        arrivals: arrivalsOf(r.bluezone_devices + r.gaen_devices, r.continued),
        no_app: r.no_app,
        helped_install: r.helped_install,
      }));
      const days = this.visitorDays.dirty();
      const venueDays: VenueDayRecord[] = days.map((d) => ({
        day: d.day,
        unique_visitors: d.visitors,
        device_slots: d.deviceSlots,
        median_dwell_s: d.medianDwellS,
        gaen_devices: d.gaenDevices,
      }));
      const batches = Math.max(
        Math.ceil(venueDays.length / MAX_VENUE_DAYS_PER_BATCH),
        Math.ceil(encounters.length / MAX_ENCOUNTERS_PER_BATCH),
        Math.ceil(slotKeys.length / MAX_KEYS_PER_BATCH),
        Math.ceil(attendance.length / MAX_ATTENDANCE_PER_BATCH),
      );
      for (let i = 0; i < batches; i++) {
        const body: KioskBatch = {
          batch_id: randomUUID(),
          created_at: now,
          encounters: chunk(encounters, MAX_ENCOUNTERS_PER_BATCH, i),
          slot_keys: chunk(slotKeys, MAX_KEYS_PER_BATCH, i),
          attendance: chunk(attendance, MAX_ATTENDANCE_PER_BATCH, i),
          heartbeat,
        };
        const daysOfBatch = chunk(venueDays, MAX_VENUE_DAYS_PER_BATCH, i);
        if (daysOfBatch.length > 0) body.venue_days = daysOfBatch;
        this.outbox.insert(body, now);
      }
      if (batches > 0) {
        this.markEnc.run();
        this.markKeys.run(currentSlot);
        this.markAtt.run();
        this.visitorDays.markSealed(days);
      }
      return batches;
    })();
  }
}
