import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src-main/core/clock/fake-clock.js';
import { KioskIdentity } from '../../../../src-main/core/identity/kiosk-identity.js';
import { MemorySlotKeyStore } from '../../../../src-main/core/identity/memory-slot-key-store.js';
import type { Beacon, Disposable, RadioStatus } from '../../../../src-main/core/ports.js';
import { slotEnd, slotOf, slotStart } from '../../../../shared/domain/slots.js';
import { toHex } from '../../../../shared/hex.js';
import { kioskSlotId } from '../../../../shared/protocol/kiosk-slot-key.js';

class RecordingBeacon implements Beacon {
  readonly calls: { at: number; id: string | null }[] = [];
  fail = false;
  constructor(private readonly clock: FakeClock) {}
  async start() {}
  async stop() {}
  async setId(id: Uint8Array | null) {
    if (this.fail && id !== null) throw Object.assign(new Error('radio gone'), { code: 'beacon_failed' });
    this.calls.push({ at: this.clock.now(), id: id === null ? null : toHex(id) });
  }
  onStatus(): Disposable {
    return { dispose() {} };
  }
  status(): RadioStatus {
    return { state: 'scanning' };
  }
  get last() {
    return this.calls[this.calls.length - 1];
  }
}

const T0 = Date.UTC(2026, 10, 23, 9, 44, 30); // 30 s before the 09:45 boundary

function setup(synced = true) {
  const clock = new FakeClock(T0, synced);
  const store = new MemorySlotKeyStore();
  const beacon = new RecordingBeacon(clock);
  const identity = new KioskIdentity({ slotKeys: store, clock, beacon, timers: clock });
  return { clock, store, beacon, identity };
}

describe('KioskIdentity', () => {
  it('broadcasts the ID of the current slot key and keeps the key', async () => {
    const { store, beacon, identity } = setup();
    await identity.start();
    const slot = slotOf(T0);
    const [entry] = store.range(slot, slot);
    expect(entry).toBeDefined();
    expect(beacon.last?.id).toBe(toHex(kioskSlotId(entry!.key)));
    expect(identity.current()).toEqual({ kind: 'broadcasting', slot, id: beacon.last?.id });
  });

  it('rotates exactly at the UTC quarter-hour to an independent key, with no gap', async () => {
    const { clock, store, beacon, identity } = setup();
    await identity.start();
    const slot = slotOf(T0);
    await clock.advance(31_000);
    const rotation = beacon.calls.find((c) => c.at >= slotEnd(slot));
    expect(rotation?.at).toBe(slotStart(slot + 1));
    const keys = store.range(slot, slot + 1);
    expect(keys.map((k) => k.slot)).toEqual([slot, slot + 1]);
    expect(toHex(keys[0]!.key)).not.toBe(toHex(keys[1]!.key));
    expect(rotation?.id).toBe(toHex(kioskSlotId(keys[1]!.key)));
    // Never silenced around the boundary.
    expect(beacon.calls.every((c) => c.id !== null)).toBe(true);
    // A full hour later: one key per slot, rotated on every boundary.
    await clock.advance(3_600_000);
    expect(store.range(slot, slot + 10).map((k) => k.slot)).toEqual([slot, slot + 1, slot + 2, slot + 3, slot + 4, slot + 5]);
    const rotations = beacon.calls.filter((c, i) => i > 0 && c.id !== beacon.calls[i - 1]!.id).map((c) => c.at);
    expect(rotations).toEqual([1, 2, 3, 4, 5].map((k) => slotStart(slot + k)));
  });

  it('silences the beacon while the clock is unsynchronised and resumes after sync', async () => {
    const { clock, store, beacon, identity } = setup(false);
    await identity.start();
    expect(beacon.last?.id).toBeNull();
    expect(identity.current()).toEqual({ kind: 'unsynced' });
    expect(store.range(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    clock.setSynced(true);
    await clock.advance(10_000);
    expect(beacon.last?.id).toMatch(/^[0-9A-F]{24}$/);
    clock.setSynced(false);
    await clock.advance(10_000);
    expect(beacon.last?.id).toBeNull();
  });

  it('stops broadcasting when the beacon or store fails, then recovers', async () => {
    const { clock, beacon, identity } = setup();
    beacon.fail = true;
    await identity.start();
    expect(identity.current()).toEqual({ kind: 'failed', code: 'beacon_failed' });
    expect(beacon.last?.id).toBeNull();
    beacon.fail = false;
    await clock.advance(10_000);
    expect(identity.current().kind).toBe('broadcasting');
  });

  it('schedules nothing after stop', async () => {
    const { clock, beacon, identity } = setup();
    await identity.start();
    identity.stop();
    const n = beacon.calls.length;
    await clock.advance(3_600_000);
    expect(beacon.calls.length).toBe(n);
    expect(clock.pendingTimers).toBe(0);
  });
});
