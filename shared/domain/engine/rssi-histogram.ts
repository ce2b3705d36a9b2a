// Bounded RSSI histogram per encounter: exact median and maximum at 1 dB resolution
// in fixed memory, so the RSSI trace itself is never kept (privacy: no raw trace on
// disk or in long-lived memory). Values outside the BLE range are clamped.

export const RSSI_MIN = -127;
export const RSSI_MAX = 20;
const BUCKETS = RSSI_MAX - RSSI_MIN + 1;
/** Cap per bucket: keeps Uint16 counters from wrapping on very long encounters. */
const BUCKET_CAP = 0xffff;

export class RssiHistogram {
  private readonly counts = new Uint16Array(BUCKETS);
  private total = 0;
  private maxValue = RSSI_MIN;

  /** Adds one RSSI sample (or `weight` copies of it, used to reseed from a stored median). */
  add(rssi: number, weight = 1): void {
    const v = clampRssi(rssi);
    const i = v - RSSI_MIN;
    const room = BUCKET_CAP - (this.counts[i] ?? 0);
    const w = Math.min(Math.max(0, Math.floor(weight)), room);
    if (w === 0) return;
    this.counts[i] = (this.counts[i] ?? 0) + w;
    this.total += w;
    if (v > this.maxValue) this.maxValue = v;
  }

  /** Adds every sample of `other` (one phone heard under two IDs is one histogram). */
  addAll(other: RssiHistogram): void {
    for (let i = 0; i < BUCKETS; i++) {
      const n = other.counts[i] ?? 0;
      if (n > 0) this.add(i + RSSI_MIN, n);
    }
  }

  get size(): number {
    return this.total;
  }

  /** Strongest sample, or undefined when empty. */
  max(): number | undefined {
    return this.total === 0 ? undefined : this.maxValue;
  }

  /** Lower median (an observed value, never an average of two), or undefined when empty. */
  median(): number | undefined {
    if (this.total === 0) return undefined;
    const target = Math.floor((this.total - 1) / 2);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen > target) return i + RSSI_MIN;
    }
    return this.maxValue;
  }
}

export function clampRssi(rssi: number): number {
  const r = Math.round(rssi);
  if (!(r >= RSSI_MIN)) return RSSI_MIN; // also catches NaN
  return r > RSSI_MAX ? RSSI_MAX : r;
}
