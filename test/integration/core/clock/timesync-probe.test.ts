// The clock's sync probe against a real flag file (systemd-timesyncd's
// /run/systemd/timesync/synchronized), created and removed by the test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeTimeSync } from '../../../../src-main/core/clock/system-clock.js';

describe('probeTimeSync', () => {
  it('probes the timesyncd flag file first, and asks timedatectl only when it is absent', async () => {
    // A flag file that this test creates and removes: its presence alone must decide.
    const dir = mkdtempSync(join(tmpdir(), 'bz-timesync-'));
    const flag = join(dir, 'synchronized');
    let asked = 0;
    const timedatectl = (answer: boolean) => async () => {
      asked += 1;
      return answer;
    };
    try {
      expect(await probeTimeSync(flag, timedatectl(false))).toBe(false);
      expect(asked).toBe(1);
      expect(await probeTimeSync(flag, timedatectl(true))).toBe(true);
      expect(asked).toBe(2);
      writeFileSync(flag, '');
      expect(await probeTimeSync(flag, timedatectl(false))).toBe(true);
      expect(asked).toBe(2);
      rmSync(flag);
      expect(await probeTimeSync(flag, timedatectl(false))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
