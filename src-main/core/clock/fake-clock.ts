// A hand-driven clock and timer queue for tests: time moves only on advance(), timers fire
// in due order, and sync state is set explicitly.
import type { Clock } from '../ports.js';
import type { TimerHandle, Timers } from './timers.js';

interface Pending {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

export class FakeClock implements Clock, Timers {
  private time: number;
  private isSynced: boolean;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(startMs: number, synced = true) {
    this.time = startMs;
    this.isSynced = synced;
  }

  now(): number {
    return this.time;
  }

  synced(): boolean {
    return this.isSynced;
  }

  setSynced(synced: boolean): void {
    this.isSynced = synced;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.pending.set(id, { id, at: this.time + Math.max(0, ms), fn });
    return id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.pending.delete(handle as unknown as number);
  }

  get pendingTimers(): number {
    return this.pending.size;
  }

  /** Moves time forward, firing due timers in order (each sees its own due time as now). */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      let next: Pending | undefined;
      for (const p of this.pending.values()) if (p.at <= end && (next === undefined || p.at < next.at || (p.at === next.at && p.id < next.id))) next = p;
      if (next === undefined) break;
      this.pending.delete(next.id);
      this.time = Math.max(this.time, next.at);
      next.fn();
      // Let async work started by the timer settle before the next one fires.
      await new Promise((r) => setImmediate(r));
    }
    this.time = end;
  }
}
