import { describe, expect, it } from 'vitest';
import { waitUntilReady } from '../../../src-main/launcher/wait-for.js';

function fakeClock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

describe('waitUntilReady', () => {
  it('resolves once the probe succeeds', async () => {
    let calls = 0;
    const ready = await waitUntilReady('core', { ...fakeClock(), probe: async () => ++calls >= 3, cancelled: () => false }, 10_000);
    expect(ready).toBe(true);
    expect(calls).toBe(3);
  });

  it('fails with health_timeout at the deadline', async () => {
    await expect(waitUntilReady('kiosk core', { ...fakeClock(), probe: async () => false, cancelled: () => false }, 5_000)).rejects.toMatchObject({
      code: 'health_timeout',
      message: 'kiosk core did not answer within 5 s',
    });
  });

  it('gives up quietly when cancelled', async () => {
    let cancelled = false;
    const ready = waitUntilReady(
      'core',
      {
        ...fakeClock(),
        probe: async () => {
          cancelled = true;
          return false;
        },
        cancelled: () => cancelled,
      },
      5_000,
    );
    await expect(ready).resolves.toBe(false);
  });
});
