// The kiosk store: one SQLite file (better-sqlite3) behind typed repositories. All SQL
// lives in the repositories and every value is bound. Composition: open (pragmas,
// quick_check, recovery) -> migrate -> purge expired -> repositories.
import type Database from 'better-sqlite3';
import type { Heartbeat } from '../../../shared/api/kiosk-upload.js';
import type { Clock, SlotKeyStore } from '../ports.js';
import { AttendanceRepository, EncounterRepository } from './encounter-repository.js';
import { migrate } from './migrate.js';
import { openDatabase, type Durability } from './open-database.js';
import { OutboxRepository, type Outbox } from './outbox-repository.js';
import { DEFAULT_RETENTION_DAYS, RetentionPurger } from './retention.js';
import { BatchSealer } from './seal-batches.js';
import { VisitorDayRepository, type VisitorDays } from './visitor-day-repository.js';
import { SettingsRepository, type Settings } from './settings-repository.js';
import { SlotKeyRepository } from './slot-key-repository.js';
import { StoreError, isDiskFull } from './store-error.js';
import type { FlushBatch, PurgeResult, StoreLog } from './store-types.js';
import { DEFAULT_TIME_ZONE, localDayStart } from '../../../shared/domain/local-day.js';
import { TallyRepository, type Tallies } from './tally-repository.js';

export interface KioskStoreOptions {
  readonly path: string;
  readonly retentionDays?: number;
  readonly durability?: Durability;
  readonly clock: Clock;
  readonly log?: StoreLog;
  /** IANA zone whose midnight starts "today" for the tallies (default Asia/Ho_Chi_Minh). */
  readonly timeZone?: string;
}

export interface KioskStore {
  readonly slotKeys: SlotKeyStore;
  readonly outbox: Outbox;
  readonly tallies: Tallies;
  readonly settings: Settings;
  readonly encounters: EncounterRepository;
  readonly attendance: AttendanceRepository;
  /** Per-local-day visitor estimates (counts only), written by the engine. */
  readonly visitorDays: VisitorDays;
  /** The file was damaged at open and replaced (staff alert `storage_recovered`) until acknowledged. */
  readonly recovered: boolean;
  /** A write hit a full disk (staff alert `disk_low`); cleared by the next write that fits. */
  readonly diskLow: boolean;
  readonly retentionDays: number;
  /** The durability SQLite actually runs with, read back from `PRAGMA synchronous`. */
  readonly durability: Durability;
  /** Commits one engine flush atomically. Throws StoreError('disk_full') when it cannot. */
  applyFlush(batch: FlushBatch): void;
  sealBatches(now: number, heartbeat: Heartbeat): number;
  /** Deletes everything older than the retention window; skipped while the clock is unsynced. */
  purgeExpired(now: number): PurgeResult;
  acknowledgeRecovered(): void;
  close(): void;
}

/** Settings key marking a recovery, so the alert survives a restart until acknowledged. */
const RECOVERED_KEY = 'store.recovered_at';
const NOTHING_PURGED: PurgeResult = { encounters: 0, slotKeys: 0, tallies: 0, attendance: 0, outbox: 0, visitorDays: 0 };

class SqliteKioskStore implements KioskStore {
  // Every write below goes through write(), so a full disk is handled the same way
  // whichever part of the core hits it (beacon key, staff tally, upload bookkeeping).
  readonly slotKeys: SlotKeyStore;
  readonly outbox: Outbox;
  readonly tallies: Tallies;
  readonly settings: Settings;
  readonly encounters: EncounterRepository;
  readonly attendance: AttendanceRepository;
  readonly visitorDays: VisitorDays;
  readonly retentionDays: number;
  private readonly sealer: BatchSealer;
  private readonly purger: RetentionPurger;
  private readonly writeFlush: (batch: FlushBatch) => void;
  private full = false;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
    private readonly log: StoreLog,
    retentionDays: number,
    timeZone: string,
  ) {
    this.retentionDays = retentionDays;
    const slotKeys = new SlotKeyRepository(db);
    const outbox = new OutboxRepository(db);
    const tallies = new TallyRepository(db, (t) => localDayStart(t, timeZone));
    const settings = new SettingsRepository(db);
    this.slotKeys = {
      getOrCreate: (slot, generate) => this.write('slot_key', () => slotKeys.getOrCreate(slot, generate)),
      range: (from, to) => slotKeys.range(from, to),
    };
    this.outbox = {
      next: (now) => outbox.next(now),
      ack: (batchId) => this.write('outbox_ack', () => outbox.ack(batchId)),
      fail: (batchId, error, retryAt) => this.write('outbox_fail', () => outbox.fail(batchId, error, retryAt)),
      depth: () => outbox.depth(),
    };
    this.tallies = {
      add: (kind, delta, now) => this.write('tally', () => tallies.add(kind, delta, now)),
      today: (now) => tallies.today(now),
    };
    this.settings = {
      get: (key) => settings.get(key),
      set: (key, value) => this.write('setting', () => settings.set(key, value)),
      delete: (key) => this.write('setting', () => settings.delete(key)),
    };
    this.encounters = new EncounterRepository(db);
    this.attendance = new AttendanceRepository(db);
    const visitorDays = new VisitorDayRepository(db);
    this.visitorDays = {
      save: (day) => this.write('visitor_day', () => visitorDays.save(day)),
      get: (day) => visitorDays.get(day),
    };
    this.sealer = new BatchSealer(db, outbox, visitorDays);
    this.purger = new RetentionPurger(db, retentionDays);
    this.writeFlush = db.transaction((batch: FlushBatch) => {
      for (const e of batch.encounters) this.encounters.upsert(e);
      for (const a of batch.attendance) this.attendance.upsert(a);
    });
  }

  get recovered(): boolean {
    return this.settings.get(RECOVERED_KEY) !== undefined;
  }

  get diskLow(): boolean {
    return this.full;
  }

  get durability(): Durability {
    // PRAGMA synchronous answers 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA; the store sets only 1 or 2.
    const level = this.db.pragma('synchronous', { simple: true }) as number;
    if (level === 1) return 'normal';
    if (level === 2) return 'full';
    throw new StoreError('invalid_argument', `unexpected synchronous level ${level}`, { level });
  }

  acknowledgeRecovered(): void {
    this.settings.delete(RECOVERED_KEY);
  }

  applyFlush(batch: FlushBatch): void {
    if (batch.encounters.length === 0 && batch.attendance.length === 0) return;
    this.write('flush', () => this.writeFlush(batch));
  }

  sealBatches(now: number, heartbeat: Heartbeat): number {
    return this.write('seal', () => this.sealer.seal(now, heartbeat));
  }

  purgeExpired(now: number): PurgeResult {
    this.assertOpen();
    if (!this.clock.synced()) {
      // A Pi boots without an RTC: a wrong clock far ahead would purge everything.
      this.log('purge_skipped_clock_unsynced');
      return NOTHING_PURGED;
    }
    const result = this.purger.purge(now);
    if (Object.values(result).some((n) => n > 0)) this.log('purged', { ...result, retention_days: this.retentionDays });
    return result;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /**
   * Runs one write transaction. On SQLITE_FULL (the transaction has been rolled back, so
   * no half-write exists and the caller still holds its data): purge what retention
   * allows, retry once, and raise `disk_low`. Never crashes the core.
   */
  private write<T>(what: string, fn: () => T): T {
    this.assertOpen();
    try {
      const result = fn();
      this.full = false;
      return result;
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      this.full = true;
      this.log('disk_full', { during: what }, 'error');
      try {
        this.purgeExpired(this.clock.now());
        return fn();
      } catch (retryErr) {
        if (!isDiskFull(retryErr)) throw retryErr;
        throw new StoreError('disk_full', `no space left for ${what}`, { during: what }, { cause: retryErr });
      }
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('store_closed', 'the kiosk store is closed');
  }
}

export function openKioskStore(opts: KioskStoreOptions): KioskStore {
  const retentionDays = opts.retentionDays ?? DEFAULT_RETENTION_DAYS;
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 3650) {
    throw new StoreError('invalid_argument', 'retentionDays must be an integer in [1, 3650]', { retentionDays });
  }
  const durability = opts.durability ?? 'full';
  if (durability !== 'normal' && durability !== 'full') {
    throw new StoreError('invalid_argument', "durability must be 'normal' or 'full'", { durability });
  }
  const log: StoreLog = opts.log ?? (() => undefined);
  const now = opts.clock.now();
  const { db, movedAsideTo } = openDatabase(opts.path, durability, now, log, (d) => {
    const applied = migrate(d);
    if (applied.length > 0) log('store_migrated', { versions: applied });
  });
  const store = new SqliteKioskStore(db, opts.clock, log, retentionDays, opts.timeZone ?? DEFAULT_TIME_ZONE);
  if (movedAsideTo !== undefined) store.settings.set(RECOVERED_KEY, String(now));
  store.purgeExpired(now);
  return store;
}
