import { describe, expect, it } from 'vitest';
import { formatDoctorReport, parseJournalUsage, runDoctor } from '../../../../src-main/core/radio/commands/run-doctor.js';
import type { ExecResult, SystemProbe } from '../../../../src-main/core/radio/commands/system-probe.js';

function machine(overrides: Partial<{ dirs: Record<string, string[] | null>; exec: Record<string, ExecResult | null>; free: number | null; uid: number }>): SystemProbe {
  const dirs = overrides.dirs ?? {};
  const exec = overrides.exec ?? {};
  return {
    listDir: async (p) => (p in dirs ? dirs[p]! : null),
    exec: async (cmd, args) => {
      const key = [cmd, ...args].join(' ');
      return key in exec ? exec[key]! : null;
    },
    freeBytes: async (path) => (overrides.free === undefined ? 10 * 1024 ** 3 : path === '/' ? null : overrides.free),
    execPath: '/usr/bin/node',
    uid: overrides.uid ?? 1000,
  };
}

const ok = (stdout: string): ExecResult => ({ code: 0, stdout, stderr: '' });

describe('doctor', () => {
  it('passes a well-prepared Pi', async () => {
    const report = await runDoctor({
      probe: machine({
        dirs: { '/sys/class/bluetooth': ['hci0'], '/run/systemd/timesync': ['synchronized'] },
        exec: {
          'hciconfig hci0': ok('hci0:\tType: Primary  Bus: UART\n\tUP RUNNING \n'),
          'getcap /usr/bin/node': ok('/usr/bin/node cap_net_admin,cap_net_raw=eip\n'),
          'systemctl is-active bluetooth': { code: 3, stdout: 'inactive\n', stderr: '' },
          'journalctl --disk-usage': ok('Archived and active journals take up 48.0M in the file system.\n'),
        },
      }),
    });
    expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('names each problem with the command that fixes it', async () => {
    const report = await runDoctor({
      scannerHciDevice: 0,
      beaconHciDevice: 1,
      probe: machine({
        dirs: { '/sys/class/bluetooth': ['hci0'] },
        exec: {
          'hciconfig hci0': ok('hci0:\tType: Primary\n\tDOWN \n'),
          'getcap /usr/bin/node': ok(''),
          'systemctl is-active bluetooth': ok('active\n'),
          'timedatectl show -p NTPSynchronized --value': ok('no\n'),
          'journalctl --disk-usage': ok('Archived and active journals take up 3.5G in the file system.\n'),
        },
        free: 200 * 1024 ** 2,
      }),
    });
    const problems = Object.fromEntries(report.checks.filter((c) => c.status === 'problem').map((c) => [c.id, c.fix]));
    expect(Object.keys(problems).sort()).toEqual([
      'adapter_present_hci1', 'adapter_up_hci0', 'bluetoothd', 'clock_sync', 'free_disk', 'journald_size', 'node_capabilities',
    ]);
    expect(problems['adapter_up_hci0']).toBe('sudo hciconfig hci0 reset && sudo hciconfig hci0 up');
    expect(problems['node_capabilities']).toContain('setcap cap_net_raw,cap_net_admin+eip');
    expect(problems['bluetoothd']).toBe('sudo systemctl disable --now bluetooth');
    expect(report.ok).toBe(false);
    expect(formatDoctorReport(report)).toMatch(/\[FAIL\] bluetoothd: .*\n\s+fix: sudo systemctl disable --now bluetooth/);
  });

  it('measures free space at the nearest existing ancestor of the data directory', async () => {
    const probe = machine({ dirs: { '/sys/class/bluetooth': ['hci0'] } });
    const seen: string[] = [];
    const report = await runDoctor({ dataDir: '/srv/kiosk/data', probe: { ...probe, freeBytes: async (p) => (seen.push(p), p === '/srv' ? 5 * 1024 ** 3 : null) } });
    expect(seen).toEqual(['/srv/kiosk/data', '/srv/kiosk', '/srv']);
    expect(report.checks.find((c) => c.id === 'free_disk')).toMatchObject({ status: 'ok', detail: '5.0 GiB free at /srv' });
  });

  it('reports missing tools as unknown, not as failures', async () => {
    const report = await runDoctor({
      probe: machine({
        dirs: { '/sys/class/bluetooth': ['hci0'] },
        exec: { 'systemctl is-active bluetooth': { code: 1, stdout: '', stderr: 'System has not been booted with systemd' } },
        free: null,
      }),
    });
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(byId).toMatchObject({ adapter_up_hci0: 'unknown', node_capabilities: 'unknown', bluetoothd: 'unknown', clock_sync: 'unknown', free_disk: 'unknown', journald_size: 'unknown' });
  });

  it.each([
    ['Archived and active journals take up 1.5G in the file system.', 1.5 * 1024 ** 3],
    ['Journals take up 512.0K on disk.', 512 * 1024],
    ['garbage', null],
  ])('parses journal usage %#', (text, bytes) => {
    expect(parseJournalUsage(text)).toBe(bytes);
  });
});
