import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src-main/core/clock/fake-clock.js';
import { SystemClock } from '../../../../src-main/core/clock/system-clock.js';

describe('SystemClock', () => {
  it('honours the override modes without probing', async () => {
    let probed = 0;
    const probe = async () => (probed += 1) > 0;
    expect(new SystemClock({ mode: 'assume_synced', probe }).synced()).toBe(true);
    const unsynced = new SystemClock({ mode: 'assume_unsynced', probe });
    expect(unsynced.synced()).toBe(false);
    expect(await unsynced.refresh()).toBe(false);
    expect(probed).toBe(0);
  });

  it('caches the probe result in auto mode and treats a failing probe as unsynced', async () => {
    let answer: boolean | Error = true;
    const clock = new SystemClock({
      mode: 'auto',
      probe: async () => {
        if (answer instanceof Error) throw answer;
        return answer;
      },
    });
    expect(clock.synced()).toBe(false); // unknown until probed
    expect(await clock.refresh()).toBe(true);
    answer = false;
    expect(clock.synced()).toBe(true); // cached until the next refresh
    await clock.refresh();
    expect(clock.synced()).toBe(false);
    answer = true;
    await clock.refresh();
    answer = new Error('dbus down');
    await clock.refresh();
    expect(clock.synced()).toBe(false);
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1000);
  });

  it('refreshes in the background once started, and stops on dispose', async () => {
    let calls = 0;
    const clock = new SystemClock({ mode: 'auto', refreshMs: 20, probe: async () => (calls += 1) > 0 });
    clock.start();
    await new Promise((r) => setTimeout(r, 110));
    expect(clock.synced()).toBe(true);
    const seen = calls;
    expect(seen).toBeGreaterThanOrEqual(3);
    clock.dispose();
    await new Promise((r) => setTimeout(r, 60));
    expect(calls).toBe(seen);
  });
});

describe('FakeClock', () => {
  it('fires timers in due order at their due time', async () => {
    const clock = new FakeClock(1000);
    const fired: [string, number][] = [];
    clock.setTimeout(() => fired.push(['b', clock.now()]), 200);
    const h = clock.setTimeout(() => fired.push(['x', clock.now()]), 50);
    clock.setTimeout(() => fired.push(['a', clock.now()]), 100);
    clock.clearTimeout(h);
    await clock.advance(150);
    expect(fired).toEqual([['a', 1100]]);
    expect(clock.now()).toBe(1150);
    await clock.advance(100);
    expect(fired).toEqual([['a', 1100], ['b', 1200]]);
  });
});
