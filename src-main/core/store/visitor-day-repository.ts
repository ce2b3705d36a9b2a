// The per-local-day visitor estimate (counts and a dwell histogram, never IDs or links),
// kept in the settings table under `visitor_day:<YYYY-MM-DD>` so a restart continues the
// day and the sealer uploads it. `dirty` marks a change not yet sealed into a batch.
import type { Database, Statement } from 'better-sqlite3';
import type { DaySnapshot } from '../../../shared/domain/engine/visitor-linker.js';
import { isLocalDay } from '../../../shared/domain/local-day.js';

export const VISITOR_DAY_PREFIX = 'visitor_day:';

export interface StoredVisitorDay extends DaySnapshot {
  readonly medianDwellS: number;
  readonly dirty: boolean;
}

export interface VisitorDays {
  save(day: StoredVisitorDay): void;
  get(day: string): StoredVisitorDay | undefined;
}

function parse(day: string, v: string): StoredVisitorDay | undefined {
  try {
    const o = JSON.parse(v) as Partial<StoredVisitorDay>;
    const ints = [o.visitors, o.deviceSlots, o.gaenDevices, o.medianDwellS];
    if (!isLocalDay(day) || !ints.every((n) => Number.isInteger(n) && (n as number) >= 0) || !Array.isArray(o.dwell)) return undefined;
    return {
      day,
      visitors: o.visitors!,
      deviceSlots: o.deviceSlots!,
      gaenDevices: o.gaenDevices!,
      medianDwellS: o.medianDwellS!,
      dwell: o.dwell,
      dirty: o.dirty === true,
    };
  } catch {
    // A damaged value is treated as absent: the day restarts from what is seen next.
    return undefined;
  }
}

export class VisitorDayRepository implements VisitorDays {
  private readonly getStmt: Statement<[string], { v: string }>;
  private readonly setStmt: Statement<[string, string]>;
  private readonly dirtyStmt: Statement<[string, string], { k: string; v: string }>;
  private readonly purgeStmt: Statement<[string, string]>;

  constructor(db: Database) {
    this.getStmt = db.prepare('SELECT v FROM settings WHERE k = ?');
    this.setStmt = db.prepare('INSERT INTO settings (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v');
    // Range over the prefix ('visitor_day:' < key < 'visitor_day;') so the primary key serves it.
    this.dirtyStmt = db.prepare("SELECT k, v FROM settings WHERE k > ? AND k < ? AND v LIKE '%\"dirty\":true%' ORDER BY k");
    this.purgeStmt = db.prepare('DELETE FROM settings WHERE k > ? AND k < ?');
  }

  save(day: StoredVisitorDay): void {
    this.setStmt.run(VISITOR_DAY_PREFIX + day.day, JSON.stringify(day));
  }

  get(day: string): StoredVisitorDay | undefined {
    const row = this.getStmt.get(VISITOR_DAY_PREFIX + day);
    return row === undefined ? undefined : parse(day, row.v);
  }

  /** Days changed since the last seal. */
  dirty(): StoredVisitorDay[] {
    const out: StoredVisitorDay[] = [];
    for (const row of this.dirtyStmt.all(VISITOR_DAY_PREFIX, `${VISITOR_DAY_PREFIX.slice(0, -1)};`)) {
      const d = parse(row.k.slice(VISITOR_DAY_PREFIX.length), row.v);
      if (d !== undefined && d.dirty) out.push(d);
    }
    return out;
  }

  markSealed(days: readonly StoredVisitorDay[]): void {
    for (const d of days) this.save({ ...d, dirty: false });
  }

  /** Deletes days before `oldestDay` (retention). */
  purgeBefore(oldestDay: string): number {
    return this.purgeStmt.run(VISITOR_DAY_PREFIX, VISITOR_DAY_PREFIX + oldestDay).changes;
  }
}
