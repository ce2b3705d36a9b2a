// Unique visitors and dwell per local day, estimated on the kiosk by linking the rotating
// IDs of one phone: Bluezone phones change ID at every UTC quarter-hour, so at a boundary
// an ID stops and, seconds later, a new one starts at a similar RSSI. The linker pairs such
// endings and beginnings and counts chains of IDs as visitors. The links live in this
// memory only and die with the tracks (minutes after the phone is last heard); only the
// per-day counts and a dwell histogram leave this module (and the kiosk).
import type { Protocol } from '../types.js';
import { SLOT_MS } from '../slots.js';
import { localDayOf } from '../local-day.js';
import { DwellHistogram } from './dwell-histogram.js';
import { minCostAssignment } from './min-cost-assignment.js';

export interface LinkRule {
  /** Longest silence between an ID's last reception and its successor's first one. */
  readonly maxGapMs: number;
  /**
   * True when IDs rotate only at UTC slot boundaries (Bluezone): a successor must first be
   * heard within `windowMs` after a boundary. False: IDs rotate at any time (GAEN RPIs).
   */
  readonly aligned: boolean;
  readonly windowMs: number;
  /**
   * Aligned only: a phone present at the boundary is heard at most this long before it
   * (Android's 15-s silence plus a missed advert), so an ID that went quiet earlier
   * belongs to a phone that left.
   */
  readonly quietBeforeMs: number;
  /**
   * The usual silence between an ID and its successor, and how much it varies: Android
   * fetches a new ID only when advertising restarts, so the old ID's last advert and the
   * new one's first are one 15-s off-period apart; this timing tells phones apart in a crowd.
   */
  readonly expectedGapMs: number;
  readonly gapSpreadMs: number;
  /**
   * Advertising period (on + off) when the phone advertises in bursts, else 0. A phone
   * keeps its rhythm across the ID change: the new ID's first burst starts a whole number
   * of periods after the old ID's last burst began, to within `phaseSpreadMs`.
   */
  readonly periodMs: number;
  readonly phaseSpreadMs: number;
  /**
   * Bursting phones only (else 0): an ID first heard up to this long after a boundary, or
   * one whose predecessor fell silent up to this long before it, may still be a rotated
   * one, from a phone heard only now and then; such a pair is made only when the new ID
   * continues the old one's burst rhythm to within `latePhaseMs` (a phone arriving then
   * has its rhythm at random: about one chance in 100 per ending ID).
   */
  readonly lateWindowMs: number;
  readonly latePhaseMs: number;
}

export interface LinkerConfig {
  readonly rules: Readonly<Record<Protocol, LinkRule>>;
  /** Phone clocks run a little ahead: a successor may start this long before the boundary. */
  readonly earlyMs: number;
  /** Receptions arrive slightly out of order: an ID may be heard this long after its successor. */
  readonly overlapMs: number;
  /** Wait after the last possible successor before pairing, so endings are final. */
  readonly settleMs: number;
  /** RSSI difference (dB) worth as much as a gap `gapSpreadMs` off the expected one. */
  readonly rssiScaleDb: number;
  /** Never pair two IDs whose RSSI differ by more than this (dB). */
  readonly maxRssiDiffDb: number;
  readonly timeZone: string;
}

export const DEFAULT_LINKER_CONFIG: LinkerConfig = {
  rules: {
    // Android: the ID changes when advertising restarts (15 s on / 15 s off), up to ~20 s
    // after the boundary, so the new ID can start ~50 s after it, ~15-25 s after the old one.
    bluezone_android: { maxGapMs: 35_000, aligned: true, windowMs: 60_000, quietBeforeMs: 35_000, expectedGapMs: 17_000, gapSpreadMs: 4_000, periodMs: 30_000, phaseSpreadMs: 50, lateWindowMs: 240_000, latePhaseMs: 150 },
    // iPhones: the kiosk reads each iPhone's new ID over GATT after the boundary; with a
    // crowd the bounded connection queue spreads those reads over a few minutes.
    bluezone_ios: { maxGapMs: 240_000, aligned: true, windowMs: 240_000, quietBeforeMs: 60_000, expectedGapMs: 0, gapSpreadMs: 240_000, periodMs: 0, phaseSpreadMs: 0, lateWindowMs: 0, latePhaseMs: 0 },
    // EN phones rotate RPI and address together at any time, within one advert interval.
    gaen: { maxGapMs: 8_000, aligned: false, windowMs: 0, quietBeforeMs: 0, expectedGapMs: 0, gapSpreadMs: 2_000, periodMs: 0, phaseSpreadMs: 0, lateWindowMs: 0, latePhaseMs: 0 },
  },
  earlyMs: 5_000,
  overlapMs: 2_000,
  settleMs: 250_000,
  rssiScaleDb: 8,
  maxRssiDiffDb: 20,
  timeZone: 'Asia/Ho_Chi_Minh',
};

/** What the kiosk uploads per local day: counts only, never IDs or links. */
export interface DayEstimate {
  readonly day: string;
  /** Estimated distinct Bluezone phones that arrived that day. */
  readonly uniqueVisitors: number;
  /** Distinct Bluezone IDs heard that day (one per phone per slot: the naive count). */
  readonly deviceSlots: number;
  /** Median stay of those phones (s), 0 when none. */
  readonly medianDwellS: number;
  /** Estimated distinct foreign exposure-notification phones. */
  readonly gaenDevices: number;
}

/** A day's estimate in a restorable form (counts and a dwell histogram, no IDs). */
export interface DaySnapshot {
  readonly day: string;
  readonly visitors: number;
  readonly deviceSlots: number;
  readonly gaenDevices: number;
  readonly dwell: Array<[number, number]>;
}

interface Visitor {
  readonly day: string;
  readonly gaen: boolean;
  readonly firstSeen: number;
  lastSeen: number;
  liveTracks: number;
  merged: boolean;
}

interface Track {
  readonly protocol: Protocol;
  readonly firstSeen: number;
  lastSeen: number;
  /** Longest silence within this ID so far: how intermittently its phone is heard. */
  maxSilence: number;
  /**
   * Starts of bursts (first reception after a silence of BURST_GAP_MS): the first few of
   * this ID (its rhythm where it begins) and the latest few (a ring, where it ends).
   */
  readonly headBursts: Float64Array;
  readonly bursts: Float64Array;
  burstN: number;
  visitor: Visitor;
  /** First and latest few RSSI values (dB, in memory for minutes only, never stored). */
  readonly head: Int8Array;
  headN: number;
  readonly tail: Int8Array;
  tailN: number;
  linkedForward: boolean;
  pending: boolean;
  dueAt: number;
  /** Aligned successors: the boundary they follow. */
  boundary: number;
  /** First heard after the boundary's window: paired only on its burst rhythm. */
  late: boolean;
}

interface DayState {
  visitors: number;
  deviceSlots: number;
  gaenDevices: number;
  readonly finished: DwellHistogram;
  readonly open: Set<Visitor>;
  /** Restored from before a restart. */
  base: DaySnapshot | undefined;
}

/**
 * RSSI values kept at each end of an ID. Their median, not their mean: fast fading drops
 * single receptions by 10-20 dB, the median of eight hardly moves.
 */
const EDGE_SAMPLES = 8;
/** A silence this long ends an advertising burst (Android: 15 s on, 15 s off). */
const BURST_GAP_MS = 5_000;
/** Burst starts kept per ID: the earliest phase among them is the best rhythm estimate. */
const BURSTS = 8;
/** Cost of leaving a successor without a predecessor: above any pair's score. */
const UNPAIRED_COST = 1_000;
/** Share of true successors whose phase agrees to within `phaseSpreadMs` (the rest: delayed). */
const PHASE_EXACT_SHARE = 0.6;
/** Typical delay of a burst's first reception when its first adverts are missed. */
const PHASE_DELAY_MS = 1_000;
/** Cycles between an ID's first and last bursts needed to measure the phone's own period. */
const MIN_PERIOD_CYCLES = 8;
/** A silence up to this many times the longest one within an ID is not yet an ending. */
const SPARSE_FACTOR = 1.5;

/**
 * When the phone's bursts start, modulo `period`. Receptions begin at or after the real
 * start (missed adverts only delay them), so the earliest of the bursts is taken.
 * `fromEnd`: the latest bursts (an ending ID), else the first ones (a starting ID).
 */
function burstPhase(t: { headBursts: Float64Array; bursts: Float64Array; burstN: number }, period: number, fromEnd: boolean): number {
  const n = Math.min(t.burstN, BURSTS);
  const list = fromEnd ? t.bursts : t.headBursts;
  const ref = fromEnd ? t.bursts[(t.burstN - 1) % BURSTS]! : t.headBursts[0]!;
  let best = 0;
  for (let i = 0; i < n; i++) {
    const off = ((((list[i]! - ref) % period) + period * 1.5) % period) - period / 2;
    if (off < best) best = off;
  }
  return ref + best;
}

/**
 * The phone's own period: its clock and restart latency make each on/off cycle a little
 * longer than nominal (tens of ms), which over the periods of a gap adds up. Measured from
 * the first to the last bursts of an ID heard long enough, else the nominal period.
 */
function ownPeriod(t: { headBursts: Float64Array; bursts: Float64Array; burstN: number }, period: number): number {
  if (t.burstN < 2 * BURSTS) return period;
  let own = period;
  // Twice: the bursts are projected with the period being measured.
  for (let i = 0; i < 2; i++) {
    const span = burstPhase(t, own, true) - burstPhase(t, own, false);
    const cycles = Math.round(span / own);
    if (cycles < MIN_PERIOD_CYCLES) return period;
    own = span / cycles;
  }
  return Math.abs(own - period) <= period * 0.01 ? own : period;
}

/**
 * Cost (nats, 0 … ~5) of a phase mismatch between an ending ID and its would-be successor.
 * When the first advert of a burst is heard on both sides the phase agrees to within tens
 * of ms (`phaseSpreadMs`); missed first adverts delay a burst's first reception by up to a
 * second or two (`phaseDelayMs`); another phone's phase is anywhere in the period. The
 * cost is minus the log of that mixture's density relative to a phase drawn at random.
 */
function phaseCost(mismatchMs: number, rule: LinkRule): number {
  const half = rule.periodMs / 2;
  const exact = PHASE_EXACT_SHARE * (half / rule.phaseSpreadMs);
  const delayed = (1 - PHASE_EXACT_SHARE) * (half / PHASE_DELAY_MS);
  const density = exact * Math.exp(-mismatchMs / rule.phaseSpreadMs) + delayed * Math.exp(-mismatchMs / PHASE_DELAY_MS);
  return Math.log(1 + exact + delayed) - Math.log(1 + density);
}

function edgeOf(rssi: number): Int8Array {
  const a = new Int8Array(EDGE_SAMPLES);
  a[0] = rssi;
  return a;
}

function burstsOf(at: number): Float64Array {
  const a = new Float64Array(BURSTS);
  a[0] = at;
  return a;
}

function medianOf(values: Int8Array, n: number): number {
  const v = Array.from(values.subarray(0, Math.min(n, EDGE_SAMPLES))).sort((a, b) => a - b);
  return v.length % 2 === 1 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
}

export class VisitorLinker {
  private readonly tracks = new Map<string, Track>();
  private pendingList: Track[] = [];
  private readonly days = new Map<string, DayState>();
  private readonly retainMs: number;
  /** Pairs formed so far (a count only, for diagnostics and tests). */
  links = 0;

  constructor(readonly config: LinkerConfig = DEFAULT_LINKER_CONFIG) {
    let longest = 0;
    for (const r of Object.values(config.rules)) longest = Math.max(longest, r.maxGapMs + r.windowMs);
    this.retainMs = longest + config.settleMs + config.overlapMs + config.earlyMs;
  }

  /** One reception of a visitor ID (hot path: a map lookup and a few additions). */
  observe(protocol: Protocol, id: string, rssi: number, at: number): void {
    const t = this.tracks.get(id);
    if (t !== undefined) {
      if (at > t.lastSeen) {
        if (at - t.lastSeen > t.maxSilence) t.maxSilence = at - t.lastSeen;
        if (at - t.lastSeen >= BURST_GAP_MS) {
          if (t.burstN < BURSTS) t.headBursts[t.burstN] = at;
          t.bursts[t.burstN++ % BURSTS] = at;
        }
        t.lastSeen = at;
        if (at > t.visitor.lastSeen) t.visitor.lastSeen = at;
      }
      if (t.headN < EDGE_SAMPLES) t.head[t.headN++] = rssi;
      t.tail[t.tailN++ % EDGE_SAMPLES] = rssi;
      return;
    }
    this.startTrack(protocol, id, rssi, at);
  }

  /** Pairs successors whose evidence is complete and lets go of tracks long silent. */
  tick(now: number): void {
    const due = this.pendingList.filter((t) => t.dueAt <= now);
    if (due.length > 0) {
      this.pendingList = this.pendingList.filter((t) => t.dueAt > now);
      this.pair(due);
    }
    for (const [id, t] of this.tracks) {
      if (t.pending || t.lastSeen >= now - this.retainMs) continue;
      this.tracks.delete(id);
      const v = t.visitor;
      v.liveTracks -= 1;
      if (v.liveTracks === 0 && !v.merged) this.finish(v);
    }
  }

  /** Live IDs held in memory (bounded by the phones present plus a few minutes). */
  get liveTracks(): number {
    return this.tracks.size;
  }

  /** Estimate for one local day (phones still present count with their stay so far). */
  estimate(day: string): DayEstimate {
    const d = this.days.get(day);
    if (d === undefined) return { day, uniqueVisitors: 0, deviceSlots: 0, medianDwellS: 0, gaenDevices: 0 };
    const dwell = this.dwellOf(d);
    const base = d.base;
    const expected = this.expectedLinks(day);
    return {
      day,
      uniqueVisitors: d.visitors + (base?.visitors ?? 0) - expected.visitors,
      deviceSlots: d.deviceSlots + (base?.deviceSlots ?? 0),
      medianDwellS: Math.round(dwell.median() ?? 0),
      gaenDevices: d.gaenDevices + (base?.gaenDevices ?? 0) - expected.gaen,
    };
  }

  /**
   * Links the successors still waiting to be paired can form. A new ID counts as a visitor
   * from its first reception, and pairing waits minutes for the evidence (settleMs), so
   * without this "today" would jump by every phone present at each boundary and fall back
   * five minutes later. Per protocol and boundary: as many links as there are waiting
   * successors or IDs that ended in the usual way just before them (within maxGapMs, and
   * for aligned IDs heard up to quietBeforeMs before the boundary), whichever is fewer; the
   * pairing then decides which, and whether. Departures just before a boundary can make
   * this count a few too few until then.
   */
  private expectedLinks(day: string): { visitors: number; gaen: number } {
    const out = { visitors: 0, gaen: 0 };
    if (this.pendingList.length === 0) return out;
    const groups = new Map<string, { protocol: Protocol; boundary: number; n: number; first: number; last: number }>();
    for (const s of this.pendingList) {
      if (s.visitor.day !== day) continue;
      const key = `${s.protocol} ${s.boundary}`;
      const g = groups.get(key);
      if (g === undefined) groups.set(key, { protocol: s.protocol, boundary: s.boundary, n: 1, first: s.firstSeen, last: s.firstSeen });
      else {
        g.n += 1;
        g.first = Math.min(g.first, s.firstSeen);
        g.last = Math.max(g.last, s.firstSeen);
      }
    }
    for (const g of groups.values()) {
      const rule = this.config.rules[g.protocol];
      let ended = 0;
      for (const p of this.tracks.values()) {
        if (p.protocol !== g.protocol || p.pending || p.linkedForward || p.firstSeen >= g.last) continue;
        if (p.lastSeen < g.first - rule.maxGapMs || p.lastSeen > g.last + this.config.overlapMs) continue;
        if (rule.aligned && p.lastSeen < g.boundary - rule.quietBeforeMs) continue;
        if (++ended >= g.n) break;
      }
      const links = Math.min(g.n, ended);
      if (g.protocol === 'gaen') out.gaen += links;
      else out.visitors += links;
    }
    return out;
  }

  /** Estimate for the local day of `now`. */
  estimateAt(now: number): DayEstimate {
    return this.estimate(localDayOf(now, this.config.timeZone));
  }

  /** Days with any estimate, oldest first. */
  knownDays(): string[] {
    return [...this.days.keys()].sort();
  }

  snapshot(day: string): DaySnapshot {
    const d = this.days.get(day);
    const e = this.estimate(day);
    return {
      day,
      visitors: e.uniqueVisitors,
      deviceSlots: e.deviceSlots,
      gaenDevices: e.gaenDevices,
      dwell: d === undefined ? [] : this.dwellOf(d).toJSON(),
    };
  }

  /** Continues a day counted before a restart (phones present then are split in two). */
  restore(s: DaySnapshot): void {
    this.day(s.day).base = s;
  }

  /** Forgets days before `oldestDay` ('YYYY-MM-DD'). */
  pruneDays(oldestDay: string): void {
    for (const day of this.days.keys()) if (day < oldestDay) this.days.delete(day);
  }

  private startTrack(protocol: Protocol, id: string, rssi: number, at: number): void {
    const gaen = protocol === 'gaen';
    const day = localDayOf(at, this.config.timeZone);
    const v: Visitor = { day, gaen, firstSeen: at, lastSeen: at, liveTracks: 1, merged: false };
    const t: Track = {
      protocol,
      firstSeen: at,
      lastSeen: at,
      maxSilence: 0,
      headBursts: burstsOf(at),
      bursts: burstsOf(at),
      burstN: 1,
      visitor: v,
      head: edgeOf(rssi),
      headN: 1,
      tail: edgeOf(rssi),
      tailN: 1,
      linkedForward: false,
      pending: false,
      dueAt: 0,
      boundary: 0,
      late: false,
    };
    this.tracks.set(id, t);
    const d = this.day(day);
    if (gaen) d.gaenDevices += 1;
    else {
      d.visitors += 1;
      d.deviceSlots += 1;
    }
    d.open.add(v);
    const rule = this.config.rules[protocol];
    if (!rule.aligned) {
      t.pending = true;
      t.dueAt = at + this.config.overlapMs + this.config.settleMs;
      this.pendingList.push(t);
      return;
    }
    // Only an ID first heard just after a boundary can be a rotated one; later, only one
    // whose burst rhythm can vouch for it (linking late IDs on time and RSSI alone linked
    // more arrivals to departures than it saved).
    const boundary = Math.round(at / SLOT_MS) * SLOT_MS;
    if (at >= boundary - this.config.earlyMs && at <= boundary + rule.windowMs) {
      t.pending = true;
      t.boundary = boundary;
      t.dueAt = boundary + rule.windowMs + this.config.overlapMs + this.config.settleMs;
      this.pendingList.push(t);
    } else if (at > boundary + rule.windowMs && at <= boundary + rule.lateWindowMs) {
      // Paired after the on-time successors, with the ending IDs they left.
      t.pending = true;
      t.late = true;
      t.boundary = boundary;
      t.dueAt = at + this.config.settleMs;
      this.pendingList.push(t);
    }
  }

  /**
   * Pairs due successors with ended IDs: as many successors as possible get a predecessor
   * and, among such pairings, the one with the lowest total score (gap, RSSI at both ends,
   * burst phase) is taken, over the whole boundary at once (min-cost assignment).
   */
  private pair(due: Track[]): void {
    const dueSet = new Set(due);
    const options = new Map<Track, Array<{ p: Track; score: number }>>();
    for (const s of due) options.set(s, []);
    const headOf = new Map<Track, number>();
    for (const s of due) headOf.set(s, medianOf(s.head, s.headN));
    const tailOf = new Map<Track, number>();
    for (const p of this.tracks.values()) {
      if (p.linkedForward || dueSet.has(p) || p.pending) continue;
      for (const s of due) {
        if (s.protocol !== p.protocol || p.firstSeen >= s.firstSeen) continue;
        const rule = this.config.rules[s.protocol];
        const gap = s.firstSeen - p.lastSeen;
        if (gap < -this.config.overlapMs) continue;
        // A phone heard only now and then may fall silent for longer around the change.
        const sparse = SPARSE_FACTOR * p.maxSilence;
        // Beyond the usual timing (a late successor, a long silence before or across the
        // boundary) only a bursting phone's rhythm can vouch for the pair.
        const unusual =
          s.late || gap > Math.max(rule.maxGapMs, sparse) || (rule.aligned && p.lastSeen < s.boundary - rule.quietBeforeMs);
        if (unusual && (rule.lateWindowMs === 0 || gap > 2 * rule.lateWindowMs || p.lastSeen < s.boundary - rule.lateWindowMs)) continue;
        let tail = tailOf.get(p);
        if (tail === undefined) tailOf.set(p, (tail = medianOf(p.tail, p.tailN)));
        const rssiDiff = Math.abs(tail - headOf.get(s)!);
        if (rssiDiff > this.config.maxRssiDiffDb) continue;
        let score = Math.abs(Math.min(gap, rule.maxGapMs) - rule.expectedGapMs) / rule.gapSpreadMs + rssiDiff / this.config.rssiScaleDb;
        if (rule.periodMs > 0) {
          const own = ownPeriod(p, rule.periodMs);
          const span = burstPhase(s, own, false) - burstPhase(p, own, true);
          const mismatch = Math.abs(span - Math.round(span / own) * own);
          if (unusual && mismatch > rule.latePhaseMs) continue;
          score += phaseCost(mismatch, rule);
        }
        options.get(s)!.push({ p, score });
      }
    }
    const predOf = new Map<Track, Track>();
    for (const protocol of new Set(due.map((s) => s.protocol))) {
      const rows = due.filter((s) => s.protocol === protocol && options.get(s)!.length > 0);
      if (rows.length === 0) continue;
      const cols: Track[] = [];
      const colOf = new Map<Track, number>();
      for (const s of rows) for (const { p } of options.get(s)!) if (!colOf.has(p)) colOf.set(p, cols.push(p) - 1);
      // One "no predecessor" column per successor, dearer than any pair: as many
      // successors as possible get a predecessor, and among such pairings the likeliest.
      const cost = rows.map((s, r) => {
        const row = new Float64Array(cols.length + rows.length).fill(Infinity);
        for (const { p, score } of options.get(s)!) row[colOf.get(p)!] = score;
        row[cols.length + r] = UNPAIRED_COST;
        return row;
      });
      const assigned = minCostAssignment(cost);
      rows.forEach((s, r) => {
        const c = assigned[r]!;
        if (c >= 0 && c < cols.length) predOf.set(s, cols[c]!);
      });
    }
    for (const [s, p] of predOf) {
      p.linkedForward = true;
      this.link(p, s);
    }
    for (const s of due) s.pending = false;
  }

  private link(p: Track, s: Track): void {
    const old = s.visitor;
    const v = p.visitor;
    old.merged = true;
    const d = this.days.get(old.day);
    if (d !== undefined) {
      if (old.gaen) d.gaenDevices -= 1;
      else d.visitors -= 1;
      d.open.delete(old);
    }
    s.visitor = v;
    v.liveTracks += 1;
    if (old.lastSeen > v.lastSeen) v.lastSeen = old.lastSeen;
    this.links += 1;
  }

  private finish(v: Visitor): void {
    const d = this.days.get(v.day);
    if (d === undefined) return;
    d.open.delete(v);
    if (!v.gaen) d.finished.add((v.lastSeen - v.firstSeen) / 1000);
  }

  private dwellOf(d: DayState): DwellHistogram {
    const h = new DwellHistogram();
    h.merge(d.finished);
    if (d.base !== undefined) h.merge(DwellHistogram.fromJSON(d.base.dwell));
    for (const v of d.open) if (!v.gaen) h.add((v.lastSeen - v.firstSeen) / 1000);
    return h;
  }

  private day(day: string): DayState {
    let d = this.days.get(day);
    if (d === undefined) {
      d = { visitors: 0, deviceSlots: 0, gaenDevices: 0, finished: new DwellHistogram(), open: new Set(), base: undefined };
      this.days.set(day, d);
    }
    return d;
  }
}
