import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMING, RadioConfigError, resolveRadioConfig } from '../../../../src-main/core/radio/radio-config.js';
import { DEFAULT_SIM_CONFIG } from '../../../../src-main/core/radio/sim/sim-config.js';

const base = { mode: 'simulated' as const, ibeaconWakeup: false, gattConcurrency: 2 };

function problems(config: Parameters<typeof resolveRadioConfig>[0]): string[] {
  try {
    resolveRadioConfig(config);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(RadioConfigError);
    expect((e as RadioConfigError).code).toBe('invalid_radio_config');
    return (e as RadioConfigError).problems;
  }
}

describe('radio config', () => {
  it('fills defaults and keeps the GATT concurrency', () => {
    const r = resolveRadioConfig({ ...base, sim: { targetPresent: 40 } });
    expect(r.sim).toEqual({ ...DEFAULT_SIM_CONFIG, targetPresent: 40 });
    expect(r.timing).toEqual(DEFAULT_TIMING);
    expect(r.gatt.concurrency).toBe(2);
    expect(r.gatt.connectTimeoutMs).toBe(10_000);
    expect(r.replaySpeed).toBe(1);
  });

  it.each([
    [{ ...base, mode: 'bluetooth' as never }, /^mode/],
    [{ ...base, scannerHciDevice: -1 }, /^scannerHciDevice/],
    [{ ...base, beaconHciDevice: 1.5 }, /^beaconHciDevice/],
    [{ ...base, mode: 'replay' as const }, /^replayFile is required/],
    [{ ...base, replaySpeed: 0 }, /^replaySpeed/],
    [{ ...base, gattConcurrency: 0 }, /^gattConcurrency/],
    [{ ...base, ibeaconWakeup: 'yes' as never }, /^ibeaconWakeup/],
    [{ ...base, sim: { dwellMs: [10, 5] as const } }, /^sim\.dwellMs/],
    [{ ...base, sim: { gaenShare: -0.1 } }, /^sim\.gaenShare/],
    [{ ...base, sim: { seed: 1.5 } }, /^sim\.seed/],
    [{ ...base, timing: { watchdogMs: 0 } }, /^timing\.watchdogMs/],
    [{ ...base, gatt: { queueCap: 0 } }, /^gatt\.queueCap/],
  ])('names the bad field %#', (config, pattern) => {
    const p = problems(config);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(pattern);
  });
});
