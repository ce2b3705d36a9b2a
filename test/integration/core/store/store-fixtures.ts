// Helpers for store tests: a temporary directory per test and a settable clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Heartbeat } from '../../../../shared/api/kiosk-upload.js';

export { ManualClock as FakeClock } from '../../../fixtures/manual-clock.js';

export const T0 = Date.UTC(2024, 2, 4, 10, 0, 0);

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function heartbeat(t: number): Heartbeat {
  return { version: 'test', radio_state: 'scanning', clock_synced: true, queue_depth: 0, free_disk_mb: 100, sent_at: t };
}

export function bzId(n: number): string {
  return n.toString(16).toUpperCase().padStart(24, '0');
}
