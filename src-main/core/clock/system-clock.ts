// The Clock port on the system clock. A Pi has no RTC: until NTP has synchronised, the
// kiosk's UTC quarter-hour grid (and so every ID it sends or logs) may be wrong, so
// synced() must be honest. It reads systemd-timesyncd's flag file
// /run/systemd/timesync/synchronized, else `timedatectl show -p NTPSynchronized`; the answer
// is cached and refreshed in the background (synced() is called on every sighting).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Clock } from '../ports.js';

export type ClockMode = 'auto' | 'assume_synced' | 'assume_unsynced';

export const TIMESYNC_FLAG_FILE = '/run/systemd/timesync/synchronized';

export type SyncProbe = () => Promise<boolean>;

export interface SystemClockOptions {
  readonly mode: ClockMode;
  readonly refreshMs?: number;
  readonly probe?: SyncProbe;
}

function timedatectlSynced(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('timedatectl', ['show', '-p', 'NTPSynchronized', '--value'], { timeout: 3000 }, (error, stdout) => {
      // No systemd / no timedatectl (containers, CI): treat as unknown → not synchronised.
      resolve(error === null && stdout.trim() === 'yes');
    });
  });
}

/**
 * True when systemd says the clock is NTP-synchronised. Never throws. The fallback is
 * injectable so tests can prove the flag file decides when present.
 */
export async function probeTimeSync(flagFile = TIMESYNC_FLAG_FILE, fallback: () => Promise<boolean> = timedatectlSynced): Promise<boolean> {
  if (existsSync(flagFile)) return true;
  return fallback();
}

export class SystemClock implements Clock {
  private cached: boolean;
  private timer: NodeJS.Timeout | null = null;
  private readonly probe: SyncProbe;

  constructor(private readonly options: SystemClockOptions) {
    this.probe = options.probe ?? (() => probeTimeSync());
    this.cached = options.mode === 'assume_synced' || (options.mode === 'auto' && options.probe === undefined && existsSync(TIMESYNC_FLAG_FILE));
  }

  now(): number {
    return Date.now();
  }

  synced(): boolean {
    if (this.options.mode === 'assume_synced') return true;
    if (this.options.mode === 'assume_unsynced') return false;
    return this.cached;
  }

  /** Re-probes now (auto mode) and returns the new state. */
  async refresh(): Promise<boolean> {
    if (this.options.mode !== 'auto') return this.synced();
    try {
      this.cached = await this.probe();
    } catch {
      // A probe that fails says nothing about the clock: fall back to the safe answer.
      this.cached = false;
    }
    return this.cached;
  }

  /** Starts background refreshes (auto mode); the timer never keeps the process alive. */
  start(): void {
    if (this.options.mode !== 'auto' || this.timer) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs ?? 30_000);
    this.timer.unref();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** A started SystemClock (what the composition root uses). */
export function createSystemClock(options: SystemClockOptions): SystemClock {
  const clock = new SystemClock(options);
  clock.start();
  return clock;
}
