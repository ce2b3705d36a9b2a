// Staff tallies (entrant without the app, person helped to install), stored per slot so
// they line up with the radio's attendance. A −1 corrects the latest +1 of the same local
// day: it decrements the most recent slot of today that still has a count, so neither a
// slot nor the day total can go below zero.
import type { Database, Statement } from 'better-sqlite3';
import { slotOf } from '../../../shared/domain/slots.js';
import { TALLY_KINDS, type TallyKind } from '../../../shared/domain/types.js';
import { StoreError } from './store-error.js';

export type TallyCounts = Record<TallyKind, number>;

export interface Tallies {
  /** Applies +1, −1 (or 0, a no-op) at `now`; returns today's totals afterwards. */
  add(kind: TallyKind, delta: number, now: number): TallyCounts;
  /** Totals since local midnight of `now`. */
  today(now: number): TallyCounts;
}

export class TallyRepository implements Tallies {
  private readonly incStmt: Statement<[number, string]>;
  private readonly latestStmt: Statement<[string, number, number], { slot: number }>;
  private readonly decStmt: Statement<[number, string]>;
  private readonly touchAttendance: Statement<[number]>;
  private readonly sumStmt: Statement<[number, number], { kind: string; total: number }>;

  /** `dayStart` maps an instant to the start of its local day (shared/domain/local-day.ts). */
  constructor(
    private readonly db: Database,
    private readonly dayStart: (timeMs: number) => number,
  ) {
    this.incStmt = db.prepare(
      'INSERT INTO tallies (slot, kind, count) VALUES (?, ?, 1) ON CONFLICT (slot, kind) DO UPDATE SET count = count + 1',
    );
    this.latestStmt = db.prepare(
      'SELECT slot FROM tallies WHERE kind = ? AND slot BETWEEN ? AND ? AND count > 0 ORDER BY slot DESC LIMIT 1',
    );
    this.decStmt = db.prepare('UPDATE tallies SET count = count - 1 WHERE slot = ? AND kind = ? AND count > 0');
    // The slot's attendance row carries the tallies to the server: mark it changed.
    this.touchAttendance = db.prepare(
      'INSERT INTO attendance (slot) VALUES (?) ON CONFLICT (slot) DO UPDATE SET sealed = 0',
    );
    this.sumStmt = db.prepare('SELECT kind, SUM(count) AS total FROM tallies WHERE slot BETWEEN ? AND ? GROUP BY kind');
  }

  add(kind: TallyKind, delta: number, now: number): TallyCounts {
    if (!TALLY_KINDS.includes(kind)) throw new StoreError('invalid_argument', 'unknown tally kind', { kind });
    if (delta !== 1 && delta !== -1 && delta !== 0) throw new StoreError('invalid_argument', 'tally delta must be +1, -1 or 0', { delta });
    if (!Number.isFinite(now) || now < 0) throw new StoreError('invalid_argument', 'bad time', { now });
    if (delta === 0) return this.today(now);
    const slot = slotOf(now);
    this.db.transaction(() => {
      if (delta === 1) {
        this.incStmt.run(slot, kind);
        this.touchAttendance.run(slot);
        return;
      }
      const latest = this.latestStmt.get(kind, slotOf(this.dayStart(now)), slot);
      if (!latest) return;
      this.decStmt.run(latest.slot, kind);
      this.touchAttendance.run(latest.slot);
    })();
    return this.today(now);
  }

  today(now: number): TallyCounts {
    const counts: TallyCounts = { no_app: 0, helped_install: 0 };
    for (const row of this.sumStmt.all(slotOf(this.dayStart(now)), slotOf(now))) {
      if (row.kind === 'no_app' || row.kind === 'helped_install') counts[row.kind] = row.total;
    }
    return counts;
  }
}
