// Retention: encounters, slot keys, tallies and attendance older than the retention
// window (21 days = 14-day tracing window + margin) are deleted, and so are outbox
// batches that would carry them. secure_delete is on, and the WAL is checkpointed and
// truncated afterwards, so purged IDs do not linger in the file.
import type { Database, Statement } from 'better-sqlite3';
import { DAY_MS, slotOf } from '../../../shared/domain/slots.js';
import type { PurgeResult } from './store-types.js';
import { VisitorDayRepository } from './visitor-day-repository.js';

export const DEFAULT_RETENTION_DAYS = 21;

export class RetentionPurger {
  private readonly visitorDays: VisitorDayRepository;
  private readonly stmts: { table: keyof PurgeResult; stmt: Statement<[number]>; bySlot: boolean }[];

  constructor(
    private readonly db: Database,
    private readonly retentionDays: number,
  ) {
    this.stmts = [
      { table: 'encounters', stmt: db.prepare('DELETE FROM encounters WHERE slot < ?'), bySlot: true },
      { table: 'slotKeys', stmt: db.prepare('DELETE FROM slot_keys WHERE slot < ?'), bySlot: true },
      { table: 'tallies', stmt: db.prepare('DELETE FROM tallies WHERE slot < ?'), bySlot: true },
      { table: 'attendance', stmt: db.prepare('DELETE FROM attendance WHERE slot < ?'), bySlot: true },
      { table: 'outbox', stmt: db.prepare('DELETE FROM outbox WHERE created_at < ?'), bySlot: false },
    ];
    this.visitorDays = new VisitorDayRepository(db);
  }

  purge(now: number): PurgeResult {
    const cutoffMs = now - this.retentionDays * DAY_MS;
    const cutoffSlot = slotOf(cutoffMs);
    const result = { encounters: 0, slotKeys: 0, tallies: 0, attendance: 0, outbox: 0, visitorDays: 0 };
    this.db.transaction(() => {
      for (const { table, stmt, bySlot } of this.stmts) {
        result[table] = stmt.run(bySlot ? cutoffSlot : cutoffMs).changes;
      }
      // Day estimates are keyed by local day; a UTC day string of the cut-off is within a
      // day of it, which retention measured in weeks does not notice.
      result.visitorDays = this.visitorDays.purgeBefore(new Date(cutoffMs).toISOString().slice(0, 10));
    })();
    if (Object.values(result).some((n) => n > 0)) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return result;
  }
}
