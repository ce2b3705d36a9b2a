// The engine's live slots, keyed by (slot, clock trust), and the rules that read across
// them: presence over the last window, the continuity estimate at a slot boundary, and
// which slots are done and may leave memory.
import type { PresenceCounts } from '../../../shared/api/core-api.js';
import { continuedAcross } from '../../../shared/domain/engine/continuity.js';
import { slotOf, slotStart } from '../../../shared/domain/slots.js';
import { PROTOCOLS } from '../../../shared/domain/types.js';
import { zeroCounts, type SlotAggregate } from './slot-aggregate.js';

/** One number per (slot, trust): trusted and untrusted rows of a slot are kept apart. */
export function slotKey(slot: number, trusted: boolean): number {
  return trusted ? slot * 2 + 1 : slot * 2;
}

export function slotOfKey(key: number): number {
  return Math.floor(key / 2);
}

export class SlotTable {
  private readonly aggs = new Map<number, SlotAggregate>();

  get(slot: number, trusted: boolean): SlotAggregate | undefined {
    return this.aggs.get(slotKey(slot, trusted));
  }

  add(agg: SlotAggregate): void {
    this.aggs.set(slotKey(agg.slot, agg.trusted), agg);
  }

  delete(agg: SlotAggregate): void {
    this.aggs.delete(slotKey(agg.slot, agg.trusted));
  }

  has(agg: SlotAggregate): boolean {
    return this.aggs.get(slotKey(agg.slot, agg.trusted)) === agg;
  }

  values(): IterableIterator<SlotAggregate> {
    return this.aggs.values();
  }

  /** Phones seen within `windowMs` before `now`, by protocol. */
  presence(now: number, windowMs: number): PresenceCounts {
    const since = now - windowMs;
    const total = zeroCounts();
    for (const trusted of [true, false]) {
      // IDs rotate at slot boundaries: within a window spanning a boundary the same
      // phone shows up once per slot, so per protocol the larger slot count is taken.
      const best = zeroCounts();
      for (let slot = slotOf(since); slot <= slotOf(now); slot++) {
        const agg = this.get(slot, trusted);
        if (!agg) continue;
        const counts = zeroCounts();
        for (const enc of agg.encounters.values()) if (enc.lastSeen >= since) counts[enc.protocol] += 1;
        for (const p of PROTOCOLS) best[p] = Math.max(best[p], counts[p]);
      }
      for (const p of PROTOCOLS) total[p] += best[p];
    }
    return {
      bluezone: total.bluezone_android + total.bluezone_ios,
      bluezone_android: total.bluezone_android,
      bluezone_ios: total.bluezone_ios,
      gaen: total.gaen,
    };
  }

  /** Recomputes the continuity estimate of young slots whose predecessor is in memory. */
  updateContinuity(now: number, windowMs: number): void {
    for (const agg of this.aggs.values()) {
      if (agg.continuityFinal) continue;
      const boundary = slotStart(agg.slot);
      const prev = this.get(agg.slot - 1, agg.trusted);
      // Once both windows have passed the estimate cannot change any more.
      if (now > boundary + 2 * windowMs) agg.continuityFinal = true;
      if (!prev) continue;
      const leaving = zeroCounts();
      const appearing = zeroCounts();
      for (const e of prev.encounters.values()) if (e.lastSeen >= boundary - windowMs) leaving[e.protocol] += 1;
      for (const e of agg.encounters.values()) if (e.firstSeen < boundary + windowMs) appearing[e.protocol] += 1;
      let continued = 0;
      for (const p of PROTOCOLS) continued += continuedAcross({ leaving: leaving[p], appearing: appearing[p] });
      if (continued !== agg.continued) {
        agg.continued = continued;
        agg.dirty = true;
      }
    }
  }

  /** Removes slots that are closed, past the continuity window and fully written. */
  evictDone(now: number, continuityWindowMs: number): SlotAggregate[] {
    const current = slotOf(now);
    const evicted: SlotAggregate[] = [];
    for (const agg of this.aggs.values()) {
      const done = agg.slot < current - 1 || (agg.slot < current && now > slotStart(current) + 2 * continuityWindowMs);
      if (!done || agg.dirty || hasDirty(agg)) continue;
      this.delete(agg);
      evicted.push(agg);
    }
    return evicted;
  }
}

function hasDirty(agg: SlotAggregate): boolean {
  for (const e of agg.encounters.values()) if (e.dirty) return true;
  return false;
}
