// With Bluetooth in the kernel but no adapter yet (a Pi with its radio disabled, a USB
// dongle not plugged in), noble and bleno load, and then throw ENODEV when the first
// stateChange listener makes them open the HCI socket. The core must keep running: the
// beacon and the scanner report "no adapter" and try again, and pick the adapter up when
// it appears. (Found in the Pi VM, whose core exited at start and restarted forever.)
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BlenoBeacon } from '../../../../src-main/core/radio/bleno/bleno-beacon.js';
import type { Bleno, LoadedBleno } from '../../../../src-main/core/radio/bleno/bleno-types.js';
import { NobleScanner } from '../../../../src-main/core/radio/noble/noble-scanner.js';
import type { LoadedNoble, Noble } from '../../../../src-main/core/radio/noble/noble-types.js';
import { createSystemClock } from '../../../../src-main/core/clock/system-clock.js';

/** An emitter whose stateChange subscription fails with ENODEV while `present` is false. */
function radioLib(adapter: { present: boolean }) {
  const lib = new EventEmitter();
  lib.on('newListener', (event: string) => {
    if (event === 'stateChange' && !adapter.present) throw Object.assign(new Error('ENODEV, No such device'), { code: 'ENODEV' });
  });
  return Object.assign(lib, { stopAdvertising() {}, startAdvertisingWithEIRData() {}, setServices() {}, startScanningAsync: async () => {}, stopScanningAsync: async () => {} });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('no adapter when the radio starts', () => {
  it('the beacon reports no_adapter (ENODEV), keeps no listener, and starts once the adapter appears', async () => {
    const adapter = { present: false };
    const lib = radioLib(adapter);
    let loads = 0;
    const beacon = new BlenoBeacon({
      load: async () => {
        loads += 1;
        return { bleno: lib as unknown as Bleno, releaseSignalHook() {}, close() {} } satisfies LoadedBleno;
      },
      log: () => undefined,
      ibeaconWakeup: false,
      wakeupPeriodMs: 10_000,
      wakeupSliceMs: 1_000,
      reassertMs: 60_000,
      poweredOnTimeoutMs: 2_000,
    });
    await expect(beacon.start()).resolves.toBeUndefined();
    expect(beacon.status()).toEqual({ state: 'no_adapter', detail: 'hci_unavailable: ENODEV' });
    expect(lib.listenerCount('stateChange')).toBe(0);
    adapter.present = true;
    await vi.advanceTimersByTimeAsync(16_000);
    expect(loads).toBe(2);
    expect(lib.listenerCount('stateChange')).toBe(1);
    await beacon.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the scanner reports no_adapter (ENODEV) and starts once the adapter appears', async () => {
    const adapter = { present: false };
    const lib = radioLib(adapter);
    let loads = 0;
    const scanner = new NobleScanner({
      load: async () => {
        loads += 1;
        return { noble: lib as unknown as Noble, onRawReport: () => () => undefined, close() {}, forgetIdle: () => 0, trackedPeripherals: () => 0 } as unknown as LoadedNoble;
      },
      clock: createSystemClock({ mode: 'assume_synced' }),
      log: () => undefined,
      unknownTimeoutMs: 5_000,
      watchdogMs: 10_000,
      restartDelayMs: 100,
      scanStartTimeoutMs: 500,
      gatt: { concurrency: 1, connectTimeoutMs: 500, queueCap: 4, backoffBaseMs: 1000, backoffMaxMs: 2000 },
    });
    await expect(scanner.start()).resolves.toBeUndefined();
    expect(scanner.status()).toEqual({ state: 'no_adapter', detail: 'hci_unavailable: ENODEV' });
    adapter.present = true;
    await vi.advanceTimersByTimeAsync(16_000);
    expect(loads).toBe(2);
    expect(lib.listenerCount('stateChange')).toBe(1);
    await scanner.stop();
  });
});
