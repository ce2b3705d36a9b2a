// Reads Bluezone iPhones' IDs over GATT (docs/protocol.md §1.4): connect, discover
// …A667, read …A689 (exactly 12 bytes), disconnect — at most once per peripheral per UTC
// slot. Connections are slow and scarce on one radio, so the work is bounded: a small
// number in flight, a timeout each, a capped queue (200 iPhones must not stall the
// scanner) and exponential backoff for peripherals that fail. The address is the cache key
// and lives only in this memory, dropped at the end of the slot (docs/architecture.md §4).
import { BLUEZONE_ID_BYTES } from '../../../../shared/protocol/bluezone-id.js';
import { slotOf } from '../../../../shared/domain/slots.js';
import type { RadioLog } from '../listener-set.js';
import { RadioError, withTimeout } from '../radio-error.js';

/** One peripheral's GATT read, performed by the adapter (noble) within `timeoutMs`. */
export type GattRead = (timeoutMs: number) => Promise<Uint8Array>;

export interface IosIdReaderOptions {
  readonly concurrency: number;
  readonly connectTimeoutMs: number;
  readonly queueCap: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

export const DEFAULT_IOS_READER: IosIdReaderOptions = {
  concurrency: 2,
  connectTimeoutMs: 10_000,
  queueCap: 32,
  backoffBaseMs: 30_000,
  backoffMaxMs: 600_000,
};

export type OfferResult = 'cached' | 'queued' | 'pending' | 'backoff' | 'queue_full';

export interface IosIdReaderEvents {
  /** An iPhone's current ID, with the RSSI of the advert that triggered it. */
  onId(id: Uint8Array, rssi: number): void;
  onRead(result: { ok: true } | { ok: false; reason: string }): void;
}

interface Job {
  readonly key: string;
  readonly rssi: number;
  readonly read: GattRead;
}

export class IosIdReader {
  private readonly cache = new Map<string, Uint8Array>();
  private cacheSlot = -1;
  private readonly backoff = new Map<string, { failures: number; until: number }>();
  private readonly queue: Job[] = [];
  private readonly pending = new Set<string>();
  private inFlight = 0;
  private stopped = false;
  readonly counters = { reads: 0, failures: 0, queueFull: 0, cacheHits: 0 };

  constructor(
    private readonly options: IosIdReaderOptions,
    private readonly now: () => number,
    private readonly events: IosIdReaderEvents,
    private readonly log: RadioLog,
  ) {}

  /** A Bluezone-iPhone advert was heard from `key` (the peripheral address). */
  offer(key: string, rssi: number, read: GattRead): OfferResult {
    this.rollSlot();
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.counters.cacheHits += 1;
      this.events.onId(cached, rssi);
      return 'cached';
    }
    if (this.pending.has(key)) return 'pending';
    const b = this.backoff.get(key);
    if (b !== undefined && b.until > this.now()) return 'backoff';
    if (this.queue.length >= this.options.queueCap) {
      this.counters.queueFull += 1;
      return 'queue_full';
    }
    this.pending.add(key);
    this.queue.push({ key, rssi, read });
    this.pump();
    return 'queued';
  }

  get queueDepth(): number {
    return this.queue.length;
  }

  get active(): number {
    return this.inFlight;
  }

  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
    this.pending.clear();
    this.cache.clear();
    this.backoff.clear();
  }

  private rollSlot(): void {
    const slot = slotOf(this.now());
    if (slot !== this.cacheSlot) {
      // IDs rotate on the UTC grid: a cached ID is wrong after the boundary, and the MAC
      // must not outlive the slot anyway.
      this.cache.clear();
      this.backoff.clear();
      this.cacheSlot = slot;
    }
  }

  private pump(): void {
    while (!this.stopped && this.inFlight < this.options.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.inFlight += 1;
      void this.run(job).finally(() => {
        this.inFlight -= 1;
        this.pending.delete(job.key);
        this.pump();
      });
    }
  }

  private async run(job: Job): Promise<void> {
    const slotAtStart = slotOf(this.now());
    try {
      const value = await withTimeout(job.read(this.options.connectTimeoutMs), this.options.connectTimeoutMs + 1000, 'gatt_timeout');
      if (value.length !== BLUEZONE_ID_BYTES) throw new RadioError('gatt_bad_length', `read ${value.length} bytes`);
      if (this.stopped) return;
      this.counters.reads += 1;
      this.backoff.delete(job.key);
      this.rollSlot();
      // A read that straddled the boundary may carry either slot's ID: emit, but don't cache it.
      if (slotOf(this.now()) === slotAtStart) this.cache.set(job.key, value);
      this.events.onRead({ ok: true });
      this.events.onId(value, job.rssi);
    } catch (error) {
      if (this.stopped) return;
      this.counters.failures += 1;
      const reason = error instanceof RadioError ? error.code : 'gatt_error';
      const prev = this.backoff.get(job.key)?.failures ?? 0;
      const delay = Math.min(this.options.backoffBaseMs * 2 ** prev, this.options.backoffMaxMs);
      this.backoff.set(job.key, { failures: prev + 1, until: this.now() + delay });
      this.events.onRead({ ok: false, reason });
      this.log('gatt_read_failed', { reason, error: error instanceof RadioError ? undefined : error });
    }
  }
}
