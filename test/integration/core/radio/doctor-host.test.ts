import { describe, expect, it } from 'vitest';
import { formatDoctorReport, runDoctor } from '../../../../src-main/core/radio/commands/run-doctor.js';

describe('doctor on the real host', () => {
  it('runs on this machine (no Bluetooth) without throwing and reports the missing adapter', async () => {
    const report = await runDoctor({ dataDir: '/tmp' });
    expect(report.checks.find((c) => c.id === 'adapter_present_hci0')?.status).toBe('problem');
    expect(report.ok).toBe(false);
    expect(formatDoctorReport(report)).toContain('adapter_present_hci0');
  });
});
