import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SLOT_MS, slotOf } from '../../../../shared/domain/slots.js';
import { EncounterEngine } from '../../../../src-main/core/engine/encounter-engine.js';
import { openKioskStore, type KioskStore } from '../../../../src-main/core/store/kiosk-store.js';
import { StoreError } from '../../../../src-main/core/store/store-error.js';
import { FakeClock, T0, bzId, tempDir } from '../store/store-fixtures.js';

let dir: string;
let cleanup: () => void;
let clock: FakeClock;
const open: KioskStore[] = [];

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  clock = new FakeClock(T0 + 120_000);
});

afterEach(() => {
  for (const s of open.splice(0)) s.close();
  cleanup();
});

function store(): KioskStore {
  const s = openKioskStore({ path: join(dir, 'kiosk.db'), clock });
  open.push(s);
  return s;
}

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('engine on a real store', () => {
  it('flushes on its timer once started, and on dispose', async () => {
    const s = store();
    const engine = new EncounterEngine({ store: s, clock, config: { flushIntervalMs: 50 } });
    engine.ingest({ id: bzId(1), protocol: 'bluezone_android', rssi: -60, at: clock.t, trusted: true });
    expect(s.encounters.count()).toBe(0);
    engine.start();
    await until(() => s.encounters.count() === 1);
    engine.ingest({ id: bzId(2), protocol: 'bluezone_android', rssi: -60, at: clock.t, trusted: true });
    engine.dispose();
    expect(s.encounters.count()).toBe(2);
  });

  it('flushes early, off the hot path, once enough rows are pending', async () => {
    const s = store();
    const engine = new EncounterEngine({ store: s, clock, config: { flushIntervalMs: 60_000, flushMaxRows: 100 } });
    engine.start();
    for (let i = 0; i < 150; i++) engine.ingest({ id: bzId(i), protocol: 'bluezone_ios', rssi: -60, at: clock.t, trusted: true });
    // Nothing is written inside ingest() itself …
    expect(s.encounters.count()).toBe(0);
    // … but right after, without waiting for the 60-s timer.
    await until(() => s.encounters.count() === 150);
    engine.dispose();
  });

  it('picks up counts and the day total after a restart', () => {
    const first = store();
    const a = new EncounterEngine({ store: first, clock });
    const boundary = T0 + SLOT_MS;
    for (let i = 0; i < 4; i++) a.ingest({ id: bzId(i), protocol: 'bluezone_android', rssi: -60, at: boundary - 20_000, trusted: true });
    clock.t = boundary + 5_000;
    for (let i = 10; i < 13; i++) a.ingest({ id: bzId(i), protocol: 'bluezone_android', rssi: -60, at: clock.t, trusted: true });
    a.flush();
    const before = { slot: a.slotDevices(), today: a.todayDevices() };
    expect(before).toEqual({ slot: 3, today: 4 });
    a.dispose();
    first.close();
    open.splice(0);

    const second = store();
    const b = new EncounterEngine({ store: second, clock });
    expect(b.todayDevices()).toBe(4);
    b.ingest({ id: bzId(10), protocol: 'bluezone_android', rssi: -60, at: clock.t + 6_000, trusted: true });
    expect(b.slotDevices()).toBe(3);
    b.flush();
    expect(second.encounters.slot(slotOf(clock.t), true).find((r) => r.visitorId === bzId(10))?.count).toBe(2);
    b.dispose();
  });

  it('bounds memory while writes keep failing, and logs what it let go', () => {
    const real = store();
    const failing = new Proxy(real, {
      get(target, prop) {
        if (prop === 'applyFlush') {
          return () => {
            throw new StoreError('disk_full', 'no space left for flush');
          };
        }
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
      },
    });
    const events: [string, Record<string, unknown> | undefined, string | undefined][] = [];
    const engine = new EncounterEngine({ store: failing, clock, config: { maxPendingRows: 250 }, log: (e, f, level) => events.push([e, f, level]) });
    for (let slot = 0; slot < 4; slot++) {
      for (let i = 0; i < 100; i++) {
        engine.ingest({ id: bzId(slot * 1000 + i), protocol: 'bluezone_android', rssi: -60, at: clock.t, trusted: true });
      }
      expect(() => engine.flush()).not.toThrow();
      clock.t += SLOT_MS;
    }
    expect(engine.pending()).toBeLessThanOrEqual(250);
    // Failed writes reach journald as errors, not info.
    expect(events.find(([e]) => e === 'flush_failed')?.[2]).toBe('error');
    expect(events.find(([e]) => e === 'pending_rows_dropped')?.[2]).toBe('error');
    expect(events.find(([e]) => e === 'pending_rows_dropped')?.[1]).toMatchObject({ rows: 100, cap: 250 });
    expect(real.encounters.count()).toBe(0);
  });
});
