// Dwell times of a day's visitors in fixed memory: log-spaced buckets 1 % wide from 1 s to
// about 2 days, so the median is exact to within 0.5 % and no per-visitor list is kept.
// Serialisable (sparse) so a day's histogram survives a restart of the kiosk.

const RATIO = 1.01;
const LOG_RATIO = Math.log(RATIO);
const BUCKETS = 1_200; // 1.01^1200 s ≈ 1.7 days

export class DwellHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;

  add(dwellS: number, weight = 1): void {
    if (!(dwellS >= 0) || !(weight > 0)) return;
    const i = dwellS < 1 ? 0 : Math.min(BUCKETS - 1, Math.floor(Math.log(dwellS) / LOG_RATIO));
    this.counts[i] = (this.counts[i] ?? 0) + Math.floor(weight);
    this.total += Math.floor(weight);
  }

  /** Adds every sample of another histogram. */
  merge(other: DwellHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i] = (this.counts[i] ?? 0) + (other.counts[i] ?? 0);
    this.total += other.total;
  }

  get size(): number {
    return this.total;
  }

  /** Median dwell in seconds (bucket's geometric centre), undefined when empty. */
  median(): number | undefined {
    if (this.total === 0) return undefined;
    const target = (this.total - 1) / 2;
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen > target) return i === 0 ? 0.5 : RATIO ** (i + 0.5);
    }
    return undefined;
  }

  /** Sparse form: [bucket, count] pairs. */
  toJSON(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < BUCKETS; i++) if ((this.counts[i] ?? 0) > 0) out.push([i, this.counts[i]!]);
    return out;
  }

  /** Rebuilds from toJSON(); entries that are not [bucket, count] pairs are ignored. */
  static fromJSON(value: unknown): DwellHistogram {
    const h = new DwellHistogram();
    if (!Array.isArray(value)) return h;
    for (const entry of value) {
      if (!Array.isArray(entry) || entry.length !== 2) continue;
      const [i, n] = entry as [unknown, unknown];
      if (!Number.isInteger(i) || !Number.isInteger(n) || (i as number) < 0 || (i as number) >= BUCKETS || (n as number) <= 0) continue;
      h.counts[i as number] = (h.counts[i as number] ?? 0) + (n as number);
      h.total += n as number;
    }
    return h;
  }
}
