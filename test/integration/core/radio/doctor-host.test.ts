// The doctor against the real host, whatever it has: a developer laptop or a Raspberry Pi
// with Bluetooth, or a CI machine without. What it reports must match what the host has.
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDoctorReport, runDoctor } from '../../../../src-main/core/radio/commands/run-doctor.js';

/** An HCI device number no host has: its absence is the same everywhere. */
const ABSENT_HCI = 97;

describe('doctor on the real host', () => {
  it('reports hci0 as present exactly when the host has it', async () => {
    const report = await runDoctor({ dataDir: '/tmp' });
    const hasHci0 = existsSync('/sys/class/bluetooth') && readdirSync('/sys/class/bluetooth').includes('hci0');
    expect(report.checks.find((c) => c.id === 'adapter_present_hci0')?.status).toBe(hasHci0 ? 'ok' : 'problem');
    expect(formatDoctorReport(report)).toContain('adapter_present_hci0');
  });

  it('reports a missing adapter as a problem with its fix, and the report as not ok', async () => {
    const report = await runDoctor({ dataDir: '/tmp', scannerHciDevice: ABSENT_HCI });
    const check = report.checks.find((c) => c.id === `adapter_present_hci${ABSENT_HCI}`);
    expect(check?.status).toBe('problem');
    expect(check?.fix).toBeTruthy();
    expect(report.ok).toBe(false);
    expect(formatDoctorReport(report)).toContain(`adapter_present_hci${ABSENT_HCI}`);
  });
});
