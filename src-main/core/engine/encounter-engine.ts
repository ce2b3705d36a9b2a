// The encounter engine: sightings -> encounters per (visitor ID, slot), presence,
// attendance, check-ins. ingest() is the hot path (thousands of adverts per second):
// it touches only in-memory maps; rows reach SQLite in one transaction per flush, on a
// timer or once enough rows are pending, never inside ingest().
import type { PresenceCounts } from '../../../shared/api/core-api.js';
import { updateCheckIn, type CheckInRule } from '../../../shared/domain/engine/check-in-detector.js';
import { meanDwellMs } from '../../../shared/domain/engine/continuity.js';
import { shouldCount } from '../../../shared/domain/engine/dedup.js';
import { distanceThresholds, rssiAtDistance, type DistanceThresholds } from '../../../shared/domain/engine/distance-model.js';
import { resolveEngineConfig, type EngineConfig, type EngineConfigInput } from '../../../shared/domain/engine/engine-config.js';
import { RSSI_MAX, RSSI_MIN } from '../../../shared/domain/engine/rssi-histogram.js';
import type { Protocol, Sighting, TallyKind } from '../../../shared/domain/types.js';
import { SLOT_MS, slotOf } from '../../../shared/domain/slots.js';
import { DEFAULT_TIME_ZONE, localDayOf, localDayStart } from '../../../shared/domain/local-day.js';
import { idHexLength, isSlotBound, isStored } from '../../../shared/protocol/advert-protocols.js';
import { DEFAULT_LINKER_CONFIG, VisitorLinker, type DayEstimate } from '../../../shared/domain/engine/visitor-linker.js';
import type { CalibratedThresholds } from '../../../shared/domain/engine/distance-calibration.js';
import type { Clock, Disposable } from '../ports.js';
import type { KioskStore } from '../store/kiosk-store.js';
import type { TallyCounts } from '../store/tally-repository.js';
import type { StoreLog } from '../store/store-types.js';
import { DaySummaries } from './day-summaries.js';
import { encounterRow, SlotAggregate, type LiveEncounter } from './slot-aggregate.js';
import { SlotTable } from './slot-table.js';

export interface CheckInEvent {
  readonly protocol: Protocol;
  readonly at: number;
}

export interface EngineStats {
  received: number;
  counted: number;
  deduplicated: number;
  rejected: number;
  /** Of `rejected`: RSSI 127 (HCI's "not available") or outside −127…+20 dBm. */
  rejectedRssi: number;
  /** The kiosk's own broadcast IDs (current or previous slot) heard back: never counted. */
  ownIds: number;
  /** Receptions of a phone's previous-slot ID after the boundary, kept in that slot. */
  lateRotation: number;
  checkIns: number;
  flushes: number;
  flushFailures: number;
}

export interface EncounterEngineOptions {
  readonly store: KioskStore;
  readonly clock: Clock;
  readonly config?: EngineConfigInput;
  readonly log?: StoreLog;
  /** The kiosk's own broadcast IDs (current and previous slot), never visitors. */
  readonly isOwnId?: (id: string) => boolean;
  /** IANA zone whose midnight starts "today" (default Asia/Ho_Chi_Minh); slots stay UTC. */
  readonly timeZone?: string;
}

/** How often the day's visitor estimate is written to the store (it is cheap to lose a minute). */
const VISITOR_SAVE_MS = 60_000;

export interface DwellEstimate {
  /** Mean stay of today's visitors (ms), undefined before the first arrival. */
  readonly meanMs: number | undefined;
  readonly arrivals: number;
}

const HEX_ID = /^(?:[0-9A-F]{24}|[0-9A-F]{32})$/;
/** HCI's "RSSI not available" value (Core Spec Vol 4 Part E §7.7.65.2). */
const RSSI_UNAVAILABLE = 127;
/**
 * Bluezone Android phones fetch their ID when advertising starts (15 s on / 15 s off), so
 * the previous slot's ID can still be on air up to ~30 s after a boundary
 * (docs/protocol.md §1.6). Within this window a known previous-slot ID stays there.
 */
export const LATE_ROTATION_MS = 30_000;

export class EncounterEngine {
  readonly config: EngineConfig;
  private readonly store: KioskStore;
  private readonly clock: Clock;
  private readonly log: StoreLog;
  private readonly isOwnId: (id: string) => boolean;
  private thresholds: DistanceThresholds;
  private checkInRule: CheckInRule;
  /** Links the rotating IDs of one phone into a visitor; counts only leave it. */
  private readonly visitors: VisitorLinker;
  private visitorsSavedAt = Number.NEGATIVE_INFINITY;
  private readonly visitorsSaved = new Map<string, string>();
  private calibrationTap: ((s: Sighting, rssi: number) => void) | undefined;
  private readonly slots = new SlotTable();
  private readonly days: DaySummaries;
  private readonly dayStart: (timeMs: number) => number;
  private dirty: LiveEncounter[] = [];
  private lastAgg: SlotAggregate | undefined;
  private readonly listeners = new Set<(e: CheckInEvent) => void>();
  private flushTimer: ReturnType<typeof setInterval> | undefined;
  private purgeTimer: ReturnType<typeof setInterval> | undefined;
  private flushQueued = false;
  private disposed = false;
  private readonly counters: EngineStats = {
    received: 0,
    counted: 0,
    deduplicated: 0,
    rejected: 0,
    rejectedRssi: 0,
    ownIds: 0,
    lateRotation: 0,
    checkIns: 0,
    flushes: 0,
    flushFailures: 0,
  };

  constructor(opts: EncounterEngineOptions) {
    this.store = opts.store;
    this.clock = opts.clock;
    this.log = opts.log ?? (() => undefined);
    this.isOwnId = opts.isOwnId ?? (() => false);
    const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
    this.dayStart = (t) => localDayStart(t, timeZone);
    this.days = new DaySummaries(this.dayStart);
    this.config = resolveEngineConfig(opts.config);
    this.thresholds = distanceThresholds(this.config.calibration, this.config.bands);
    const ci = this.config.checkIn;
    this.checkInRule = {
      minRssi: rssiAtDistance(ci.maxDistanceM, this.config.calibration),
      holdMs: ci.holdMs,
      maxGapMs: ci.maxGapMs,
      alpha: ci.alpha,
    };
    const now = this.clock.now();
    this.visitors = new VisitorLinker({ ...DEFAULT_LINKER_CONFIG, timeZone: opts.timeZone ?? DEFAULT_TIME_ZONE });
    const saved = this.store.visitorDays.get(localDayOf(now, this.visitors.config.timeZone));
    if (saved) this.visitors.restore(saved);
    this.days.load(this.store.attendance.range(slotOf(this.dayStart(now)), slotOf(now)));
  }

  /** Hot path. Never throws on bad input: the sighting is counted as rejected. */
  ingest(s: Sighting): void {
    this.counters.received += 1;
    const at = s.at;
    const id = s.id;
    const protocol = s.protocol;
    if (typeof id !== 'string' || idHexLength(protocol) !== id.length || !(at >= 0 && at <= 8.64e15)) {
      this.counters.rejected += 1;
      return;
    }
    // 127 is HCI's "not available", not a signal: clamping it to +20 dBm made one such
    // report a near encounter and a check-in. Anything outside the BLE range is a fault too.
    const raw = s.rssi;
    if (typeof raw !== 'number' || !(raw >= RSSI_MIN && raw <= RSSI_MAX) || raw === RSSI_UNAVAILABLE) {
      this.counters.rejected += 1;
      this.counters.rejectedRssi += 1;
      return;
    }
    if (this.isOwnId(id)) {
      this.counters.ownIds += 1;
      return;
    }
    const trusted = s.trusted === true;
    const slot = slotOf(at);
    let agg = this.lastAgg;
    if (agg === undefined || agg.slot !== slot || agg.trusted !== trusted) {
      agg = this.aggregate(slot, trusted);
      this.lastAgg = agg;
    }
    const rssi = Math.round(raw);
    let enc = agg.encounters.get(id);
    if (enc === undefined && at - slot * SLOT_MS < LATE_ROTATION_MS && isSlotBound(protocol)) {
      // Late rotation: the phone still sends the ID it computed for the previous slot.
      const late = this.slots.get(slot - 1, trusted)?.encounters.get(id);
      if (late !== undefined) {
        agg = late.agg;
        enc = late;
        this.counters.lateRotation += 1;
      }
    }
    if (enc === undefined) {
      if (!HEX_ID.test(id)) {
        this.counters.rejected += 1;
        return;
      }
      enc = agg.create(id, protocol, rssi, at);
      this.counters.counted += 1;
      this.markDirty(enc);
    } else if (shouldCount(enc.lastCountedAt, at, this.config.dedupMs)) {
      enc.lastCountedAt = at;
      enc.count += 1;
      enc.hist.add(rssi);
      if (rssi > enc.rssiMax) enc.rssiMax = rssi;
      if (at > enc.lastSeen) {
        agg.presenceMs += at - enc.lastSeen;
        agg.dirty = true;
        enc.lastSeen = at;
      }
      if (at < enc.firstSeen) {
        agg.presenceMs += enc.firstSeen - at;
        agg.dirty = true;
        enc.firstSeen = at;
      }
      this.counters.counted += 1;
      this.markDirty(enc);
    } else {
      // The 5-s rule is for counts only: the median takes every reception (fixed memory).
      enc.hist.add(rssi);
      if (rssi > enc.rssiMax) enc.rssiMax = rssi;
      this.markDirty(enc);
      this.counters.deduplicated += 1;
    }
    // The visitor estimate reads the kiosk's clock: only a synchronised one places a
    // phone in a local day and next to a slot boundary.
    if (trusted) this.visitors.observe(protocol, id, rssi, at);
    if (this.calibrationTap !== undefined) this.calibrationTap(s, rssi);
    // Check-in looks at every reception, not only counted ones: 2 s of holding is far
    // shorter than the 5-s de-dup window.
    if (!enc.checkedIn && updateCheckIn(enc.checkIn, rssi, at, this.checkInRule)) {
      enc.checkedIn = true;
      this.markDirty(enc);
      this.emitCheckIn({ protocol, at });
    }
  }

  /** Phones seen in the last presence window, by protocol. */
  presence(now: number = this.clock.now()): PresenceCounts {
    return this.slots.presence(now, this.config.presenceWindowMs);
  }

  /** Distinct visitor devices (IDs) in the current slot, trusted and untrusted clock. */
  slotDevices(now: number = this.clock.now()): number {
    const slot = slotOf(now);
    return (this.slots.get(slot, true)?.deviceTotal ?? 0) + (this.slots.get(slot, false)?.deviceTotal ?? 0);
  }

  /**
   * Distinct devices since local midnight. IDs rotate every slot, so one phone staying an
   * hour has four IDs: the day total is the sum of each slot's arrivals (its devices
   * minus the continuity estimate of carry-overs), not a count of IDs.
   */
  todayDevices(now: number = this.clock.now()): number {
    this.days.record(this.slots.values());
    return this.days.today(now).arrivals;
  }

  /** Arrivals since local midnight per local hour, for the staff console's chart. */
  arrivalsByHour(now: number = this.clock.now()): number[] {
    this.days.record(this.slots.values());
    return this.days.todayByHour(now);
  }

  /** Estimated phones (not IDs) and their median stay, for the local day of `now`. */
  visitorsToday(now: number = this.clock.now()): DayEstimate {
    return this.visitors.estimateAt(now);
  }

  /** Distance thresholds now in force (dBm). */
  distanceThresholds(): CalibratedThresholds {
    return { ...this.thresholds, checkInMinRssi: this.checkInRule.minRssi };
  }

  /** New thresholds (from a calibration or configuration); later rows use them. */
  setDistanceThresholds(t: CalibratedThresholds): void {
    this.thresholds = { nearMinRssi: t.nearMinRssi, midMinRssi: t.midMinRssi };
    this.checkInRule = { ...this.checkInRule, minRssi: t.checkInMinRssi };
  }

  /** Sees every valid reception while set (the calibration wizard); undefined removes it. */
  tapReceptions(tap: ((s: Sighting, rssi: number) => void) | undefined): void {
    this.calibrationTap = tap;
  }

  /** Local-only dwell estimate: total presence time / arrivals, today. Never uploaded. */
  dwellToday(now: number = this.clock.now()): DwellEstimate {
    this.days.record(this.slots.values());
    const { arrivals, presenceMs } = this.days.today(now);
    return { meanMs: meanDwellMs(presenceMs, arrivals), arrivals };
  }

  tallyToday(): TallyCounts {
    return this.store.tallies.today(this.clock.now());
  }

  /** Staff tally: +1 or −1 (0 is a no-op); today's totals never go below zero. */
  addTally(kind: TallyKind, delta: number): TallyCounts {
    return this.store.tallies.add(kind, delta, this.clock.now());
  }

  onCheckIn(listener: (e: CheckInEvent) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  stats(): Readonly<EngineStats> {
    return { ...this.counters };
  }

  /** Pending (unflushed) encounter rows. */
  pending(): number {
    return this.dirty.length;
  }

  start(): void {
    if (this.disposed || this.flushTimer) return;
    this.flushTimer = setInterval(() => this.flush(), this.config.flushIntervalMs);
    this.flushTimer.unref();
    this.purgeTimer = setInterval(() => this.purge(), this.config.purgeIntervalMs);
    this.purgeTimer.unref();
  }

  /**
   * Writes every pending row in one transaction. A failed write (disk full) keeps the
   * rows pending in memory for the next flush: nothing is dropped, nothing throws.
   */
  flush(): void {
    this.flushQueued = false;
    const now = this.clock.now();
    this.slots.updateContinuity(now, this.config.continuityWindowMs);
    const encs = this.dirty;
    const aggs = [...this.slots.values()].filter((a) => a.dirty);
    if (encs.length > 0 || aggs.length > 0) {
      try {
        this.store.applyFlush({
          encounters: encs.map((e) => encounterRow(e, this.thresholds)),
          // Attendance is uploaded: from trusted-clock slots only.
          attendance: aggs.filter((a) => a.trusted).map((a) => a.attendanceRow()),
        });
      } catch (err) {
        this.counters.flushFailures += 1;
        const code = (err as { code?: unknown }).code;
        this.log('flush_failed', { code: typeof code === 'string' ? code : 'unknown', pending: encs.length }, 'error');
        this.boundPending(now);
        return;
      }
      for (const e of encs) e.dirty = false;
      for (const a of aggs) a.dirty = false;
      this.dirty = [];
      this.counters.flushes += 1;
    }
    this.days.record(this.slots.values());
    this.days.prune(now);
    this.visitors.tick(now);
    if (now - this.visitorsSavedAt >= VISITOR_SAVE_MS) this.saveVisitors(now);
    for (const agg of this.slots.evictDone(now, this.config.continuityWindowMs)) {
      if (this.lastAgg === agg) this.lastAgg = undefined;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.flushTimer = undefined;
    this.purgeTimer = undefined;
    this.flush();
    this.saveVisitors(this.clock.now());
    this.listeners.clear();
    this.disposed = true;
  }

  /**
   * While writes keep failing (disk full), pending rows stay in memory; past the cap the
   * oldest closed slots are let go so the core cannot run out of memory. Those rows were
   * never committed (never acknowledged to anyone); the loss is logged with its size.
   */
  private boundPending(now: number): void {
    if (this.dirty.length <= this.config.maxPendingRows) return;
    const current = slotOf(now);
    const closed = [...this.slots.values()].filter((a) => a.slot < current).sort((a, b) => a.slot - b.slot);
    let dropped = 0;
    for (const agg of closed) {
      if (this.dirty.length - dropped <= this.config.maxPendingRows) break;
      for (const e of agg.encounters.values()) if (e.dirty) dropped += 1;
      this.slots.delete(agg);
      if (this.lastAgg === agg) this.lastAgg = undefined;
    }
    if (dropped === 0) return;
    this.dirty = this.dirty.filter((e) => this.slots.has(e.agg));
    this.log('pending_rows_dropped', { rows: dropped, cap: this.config.maxPendingRows }, 'error');
  }

  /** Writes each known day's estimate that changed; a failed write is retried next time. */
  private saveVisitors(now: number): void {
    this.visitorsSavedAt = now;
    try {
      for (const day of this.visitors.knownDays()) {
        const snap = this.visitors.snapshot(day);
        const key = JSON.stringify(snap.dwell) + snap.visitors + snap.gaenDevices + snap.deviceSlots;
        if (this.visitorsSaved.get(day) === key) continue;
        const medianDwellS = this.visitors.estimate(day).medianDwellS;
        this.store.visitorDays.save({ ...snap, medianDwellS, dirty: true });
        this.visitorsSaved.set(day, key);
      }
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      this.log('visitor_day_save_failed', { code: typeof code === 'string' ? code : 'unknown' });
    }
    // Yesterday stays until its last phones have left; older days are final and stored.
    const keep = localDayOf(now - 2 * 86_400_000, this.visitors.config.timeZone);
    this.visitors.pruneDays(keep);
    for (const day of this.visitorsSaved.keys()) if (day < keep) this.visitorsSaved.delete(day);
  }

  private markDirty(enc: LiveEncounter): void {
    if (enc.dirty) return;
    // Protocols that are counted only (GAEN) never become rows: their aggregate carries them.
    if (!isStored(enc.protocol)) {
      enc.agg.dirty = true;
      return;
    }
    enc.dirty = true;
    this.dirty.push(enc);
    if (this.dirty.length >= this.config.flushMaxRows && this.flushTimer && !this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => this.flush());
    }
  }

  private emitCheckIn(e: CheckInEvent): void {
    this.counters.checkIns += 1;
    for (const listener of this.listeners) {
      try {
        listener(e);
      } catch (err) {
        // A faulty UI listener must not break the scan loop.
        this.log('checkin_listener_failed', { error: err instanceof Error ? err.message : String(err) }, 'warn');
      }
    }
  }

  /** The slot's aggregate; on first use it reloads what an earlier run wrote. */
  private aggregate(slot: number, trusted: boolean): SlotAggregate {
    let agg = this.slots.get(slot, trusted);
    if (agg) return agg;
    agg = new SlotAggregate(slot, trusted);
    for (const row of this.store.encounters.slot(slot, trusted)) agg.restore(row);
    // Counted-only protocols (GAEN) have no rows to restore: their count comes back from the
    // slot's attendance row, so a restart does not lose the devices already counted.
    if (trusted) {
      const attendance = this.store.attendance.range(slot, slot)[0];
      if (attendance !== undefined) agg.devices.gaen = Math.max(agg.devices.gaen, attendance.gaenDevices);
    }
    const summary = this.days.get(slot, trusted);
    if (summary) agg.continued = summary.continued;
    this.slots.add(agg);
    return agg;
  }

  private purge(): void {
    try {
      this.store.purgeExpired(this.clock.now());
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      this.log('purge_failed', { code: typeof code === 'string' ? code : 'unknown' }, 'warn');
    }
  }
}
