// A full disk, for real: the store lives on a small tmpfs the test mounts, so SQLite meets
// ENOSPC (SQLITE_FULL) exactly as it would on a full SD card — no size cap, which production
// never sets. Mounting needs root; elsewhere every test here is skipped with the reason
// printed, and `npm test` counts it as skipped.
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { join } from 'node:path';
import { slotOf } from '../../../../shared/domain/slots.js';
import { EncounterEngine } from '../../../../src-main/core/engine/encounter-engine.js';
import { openKioskStore, type KioskStore } from '../../../../src-main/core/store/kiosk-store.js';
import { FakeClock, T0, bzId, heartbeat, tempDir } from './store-fixtures.js';

/** Small enough to fill in a second, large enough for the schema and a few thousand rows. */
const TMPFS_SIZE = '1m';

/** Why a tmpfs cannot be mounted here, or null when it can. */
function cannotMount(): string | null {
  if (process.platform !== 'linux') return `tmpfs needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root (uid 0)';
  const { dir, cleanup } = tempDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `mount -t tmpfs failed: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`;
  } finally {
    cleanup();
  }
}
const SKIP_REASON = cannotMount();

let dir: string;
let cleanup: () => void;
let mounted = false;
let store: KioskStore | undefined;
let clock: FakeClock;
let events: string[];

beforeEach((ctx: TestContext) => {
  if (SKIP_REASON !== null) {
    process.stdout.write(`disk-full test skipped: ${SKIP_REASON}\n`);
    ctx.skip(SKIP_REASON);
    return;
  }
  ({ dir, cleanup } = tempDir());
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE}`, 'tmpfs', dir], { stdio: 'pipe' });
  mounted = true;
  clock = new FakeClock(T0);
  events = [];
  store = openKioskStore({ path: join(dir, 'full.db'), clock, log: (e) => events.push(e) });
});

afterEach(() => {
  store?.close();
  store = undefined;
  if (mounted) execFileSync('umount', [dir], { stdio: 'pipe' });
  mounted = false;
  cleanup?.();
});

/** Ingests fresh IDs until a flush fails on the full filesystem; returns the IDs committed before. */
function fillUntilFull(engine: EncounterEngine, at: () => number): number {
  let n = 0;
  for (let round = 0; round < 1000; round++) {
    for (let i = 0; i < 200; i++) engine.ingest({ id: bzId(n + i), protocol: 'bluezone_android', rssi: -60, at: at(), trusted: true });
    const failuresBefore = engine.stats().flushFailures;
    engine.flush();
    if (engine.stats().flushFailures > failuresBefore) return n;
    n += 200;
  }
  throw new Error('the filesystem never filled');
}

function openStore(): KioskStore {
  if (store === undefined) throw new Error('no store: the tmpfs was not mounted');
  return store;
}

describe('disk full on a real filesystem (tmpfs)', () => {
  it('keeps running, keeps committed and pending rows, raises disk_low, and writes the pending rows once space is freed', () => {
    const store = openStore();
    const engine = new EncounterEngine({ store, clock });
    const committed = fillUntilFull(engine, () => clock.t);
    expect(committed).toBeGreaterThan(0);
    expect(store.diskLow).toBe(true);
    expect(events).toContain('disk_full');
    expect(engine.pending()).toBeGreaterThan(0);
    expect(store.encounters.count()).toBe(committed);
    // Sealing on a full disk fails cleanly, leaving nothing half-sealed.
    expect(() => store.sealBatches(clock.t, heartbeat(clock.t))).toThrow(/disk_full/);
    expect(store.outbox.depth()).toBe(0);
    // Still full: the next flush fails again and drops nothing.
    const pendingSlot = slotOf(clock.t);
    const pending = engine.pending();
    engine.flush();
    expect(engine.pending()).toBe(pending);

    // Space comes back (journald vacuumed, a file removed): the next flush writes every
    // row that was pending during the failure, and the alert clears.
    execFileSync('mount', ['-o', 'remount,size=8m', dir], { stdio: 'pipe' });
    engine.ingest({ id: bzId(999_999), protocol: 'bluezone_android', rssi: -60, at: clock.t, trusted: true });
    engine.flush();
    expect(engine.pending()).toBe(0);
    expect(store.encounters.count()).toBe(committed + pending + 1);
    expect(store.encounters.slot(pendingSlot, true).length).toBeGreaterThanOrEqual(pending);
    expect(store.diskLow).toBe(false);
    engine.dispose();
  });

  it('routes every kind of write through the same handling, with a coded error', () => {
    const store = openStore();
    // 2 MB does not fit on a 1 MB filesystem next to the schema and a 150 KB value.
    store.settings.set('first', 'x'.repeat(150_000));
    let err: unknown;
    try {
      store.settings.set('big', 'y'.repeat(2_000_000));
    } catch (e) {
      err = e;
    }
    expect((err as { code?: string }).code).toBe('disk_full');
    expect(store.diskLow).toBe(true);
    expect(store.settings.get('big')).toBeUndefined();
    expect(store.settings.get('first')).toHaveLength(150_000);
    // Small writes still fit and clear the alert.
    store.settings.set('small', 'ok');
    expect(store.diskLow).toBe(false);
  });
});
