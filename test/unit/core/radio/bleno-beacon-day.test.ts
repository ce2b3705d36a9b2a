// The beacon runs for weeks on a Pi: through a simulated day of wake-up slices, re-asserts
// and ID rotations, the timers and listeners it holds must stay bounded.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BlenoBeacon } from '../../../../src-main/core/radio/bleno/bleno-beacon.js';
import type { Bleno, LoadedBleno } from '../../../../src-main/core/radio/bleno/bleno-types.js';

const DAY_MS = 86_400_000;

/** bleno's surface as the beacon uses it; the advert calls are recorded, nothing else. */
function fakeBleno(): { loaded: LoadedBleno; bleno: Bleno & EventEmitter; adverts: () => number } {
  let adverts = 0;
  class Characteristic {
    static RESULT_SUCCESS = 0;
    static RESULT_UNLIKELY_ERROR = 0x0e;
    static RESULT_INVALID_OFFSET = 0x07;
  }
  const emitter = new EventEmitter();
  const bleno = Object.assign(emitter, {
    state: 'poweredOn',
    startAdvertisingWithEIRData: () => void (adverts += 1),
    stopAdvertising: () => undefined,
    setServices: (_s: unknown[], cb?: (e?: Error | null) => void) => cb?.(null),
    disconnect: () => undefined,
    PrimaryService: class {},
    Characteristic,
  }) as unknown as Bleno & EventEmitter;
  return { loaded: { bleno, releaseSignalHook: () => undefined, close: () => undefined }, bleno, adverts: () => adverts };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('bleno beacon through a simulated day', () => {
  it('keeps timers and listeners bounded with the wake-up advert on', async () => {
    const fake = fakeBleno();
    const beacon = new BlenoBeacon({
      load: async () => fake.loaded,
      log: () => undefined,
      ibeaconWakeup: true,
      wakeupPeriodMs: 10_000,
      wakeupSliceMs: 1_000,
      reassertMs: 60_000,
      poweredOnTimeoutMs: 2_000,
    });
    await beacon.start();
    fake.bleno.emit('stateChange', 'poweredOn');
    await beacon.setId(new Uint8Array(12).fill(1));
    const startTimers = vi.getTimerCount();
    const startListeners = fake.bleno.listenerCount('stateChange') + fake.bleno.listenerCount('advertisingStartError');

    for (let t = 0; t < DAY_MS; t += 900_000) {
      await beacon.setId(new Uint8Array(12).fill((t / 900_000) & 0xff));
      await vi.advanceTimersByTimeAsync(900_000);
      expect(beacon.heldTimers()).toBeLessThanOrEqual(4);
    }

    // 8,640 wake-up slices happened and each ended (the advert is back to Bluezone's).
    await vi.advanceTimersByTimeAsync(1_500);
    expect(fake.adverts()).toBeGreaterThan(2 * 8_640);
    expect(beacon.broadcasting).toBe('bluezone');
    expect(vi.getTimerCount()).toBeLessThanOrEqual(startTimers + 1);
    expect(fake.bleno.listenerCount('stateChange') + fake.bleno.listenerCount('advertisingStartError')).toBe(startListeners);

    await beacon.stop();
    expect(beacon.heldTimers()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(fake.bleno.listenerCount('stateChange')).toBe(0);
  });
});
