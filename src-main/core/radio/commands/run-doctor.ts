// `doctor`: checks what the kiosk's radio needs on a Raspberry Pi (docs/architecture.md §3
// pitfalls) and says, for each problem, the command that fixes it. It only reads; it never
// throws — on a machine without Bluetooth it reports that as a problem.
import { dirname } from 'node:path';
import { TIMESYNC_FLAG_FILE } from '../../clock/system-clock.js';
import { hostProbe, type SystemProbe } from './system-probe.js';

export type CheckStatus = 'ok' | 'problem' | 'unknown';

export interface DoctorCheck {
  readonly id: string;
  readonly status: CheckStatus;
  readonly detail: string;
  /** Shell command(s) that fix the problem. */
  readonly fix?: string;
}

export interface DoctorReport {
  readonly ok: boolean;
  readonly checks: readonly DoctorCheck[];
}

export interface DoctorOptions {
  readonly scannerHciDevice?: number;
  readonly beaconHciDevice?: number;
  readonly dataDir?: string;
  readonly minFreeBytes?: number;
  readonly maxJournalBytes?: number;
  readonly probe?: SystemProbe;
}

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const probe = options.probe ?? hostProbe;
  const devices = [...new Set([options.scannerHciDevice ?? 0, options.beaconHciDevice ?? options.scannerHciDevice ?? 0])];
  const checks: DoctorCheck[] = [];
  const guard = async (id: string, fn: () => Promise<DoctorCheck | DoctorCheck[]>) => {
    try {
      const r = await fn();
      checks.push(...(Array.isArray(r) ? r : [r]));
    } catch (error) {
      checks.push({ id, status: 'unknown', detail: `check failed: ${(error as Error).message}` });
    }
  };
  await guard('adapter_present', () => adapters(probe, devices));
  await guard('node_capabilities', () => capabilities(probe));
  await guard('bluetoothd', () => bluetoothd(probe));
  await guard('clock_sync', () => clockSync(probe));
  await guard('free_disk', () => freeDisk(probe, options.dataDir ?? process.cwd(), options.minFreeBytes ?? GIB));
  await guard('journald_size', () => journald(probe, options.maxJournalBytes ?? 500 * MIB));
  return { ok: checks.every((c) => c.status !== 'problem'), checks };
}

async function adapters(probe: SystemProbe, devices: number[]): Promise<DoctorCheck[]> {
  const present = await probe.listDir('/sys/class/bluetooth');
  const out: DoctorCheck[] = [];
  for (const dev of devices) {
    const name = `hci${dev}`;
    if (present === null || !present.includes(name)) {
      out.push({
        id: `adapter_present_${name}`,
        status: 'problem',
        detail: present === null ? 'no Bluetooth subsystem (/sys/class/bluetooth missing)' : `${name} not found (have: ${present.join(', ') || 'none'})`,
        fix: 'remove "dtoverlay=disable-bt" from /boot/firmware/config.txt and reboot, or plug in a USB Bluetooth adapter; then: sudo systemctl restart hciuart',
      });
      continue;
    }
    out.push({ id: `adapter_present_${name}`, status: 'ok', detail: `${name} present` });
    const info = await probe.exec('hciconfig', [name]);
    if (info === null) {
      out.push({ id: `adapter_up_${name}`, status: 'unknown', detail: 'hciconfig not installed', fix: 'sudo apt install bluez' });
    } else if (/\bUP RUNNING\b/.test(info.stdout)) {
      out.push({ id: `adapter_up_${name}`, status: 'ok', detail: `${name} up and running` });
    } else {
      out.push({
        id: `adapter_up_${name}`,
        status: 'problem',
        detail: `${name} is down`,
        fix: `sudo hciconfig ${name} reset && sudo hciconfig ${name} up`,
      });
    }
  }
  return out;
}

async function capabilities(probe: SystemProbe): Promise<DoctorCheck> {
  if (probe.uid === 0) return { id: 'node_capabilities', status: 'ok', detail: 'running as root' };
  const fix = `sudo setcap cap_net_raw,cap_net_admin+eip $(readlink -f ${probe.execPath})`;
  const r = await probe.exec('getcap', [probe.execPath]);
  if (r === null) return { id: 'node_capabilities', status: 'unknown', detail: 'getcap not installed', fix: `sudo apt install libcap2-bin && ${fix}` };
  const caps = r.stdout.toLowerCase();
  if (caps.includes('cap_net_raw') && caps.includes('cap_net_admin')) {
    return { id: 'node_capabilities', status: 'ok', detail: 'node has cap_net_raw and cap_net_admin' };
  }
  return { id: 'node_capabilities', status: 'problem', detail: 'node lacks cap_net_raw/cap_net_admin: the HCI socket cannot be opened', fix };
}

async function bluetoothd(probe: SystemProbe): Promise<DoctorCheck> {
  const r = await probe.exec('systemctl', ['is-active', 'bluetooth']);
  if (r === null) return { id: 'bluetoothd', status: 'unknown', detail: 'systemctl not available' };
  const state = r.stdout.trim();
  if (!['active', 'inactive', 'failed', 'activating', 'deactivating'].includes(state)) {
    return { id: 'bluetoothd', status: 'unknown', detail: `systemd did not answer (${(r.stderr.trim() || state || 'no output').slice(0, 80)})` };
  }
  if (state === 'active') {
    // BlueZ scanning on older Pi kernels stops our advertising; bluetoothd must not own the adapter.
    return {
      id: 'bluetoothd',
      status: 'problem',
      detail: 'bluetoothd is running and may take the adapter from the kiosk',
      fix: 'sudo systemctl disable --now bluetooth',
    };
  }
  return { id: 'bluetoothd', status: 'ok', detail: `bluetoothd ${state}` };
}

async function clockSync(probe: SystemProbe): Promise<DoctorCheck> {
  const fix = 'sudo timedatectl set-ntp true && sudo systemctl restart systemd-timesyncd (and check the network)';
  const flag = await probe.listDir(dirname(TIMESYNC_FLAG_FILE));
  if (flag?.includes('synchronized')) return { id: 'clock_sync', status: 'ok', detail: 'systemd-timesyncd reports synchronised' };
  const r = await probe.exec('timedatectl', ['show', '-p', 'NTPSynchronized', '--value']);
  if (r === null) return { id: 'clock_sync', status: 'unknown', detail: 'timedatectl not available: cannot tell whether the clock is synchronised', fix };
  if (r.stdout.trim() === 'yes') return { id: 'clock_sync', status: 'ok', detail: 'NTP synchronised' };
  return { id: 'clock_sync', status: 'problem', detail: 'clock not NTP-synchronised: the kiosk will not beacon', fix };
}

async function freeDisk(probe: SystemProbe, dataDir: string, min: number): Promise<DoctorCheck> {
  // The data directory may not exist before the first start: measure its nearest ancestor.
  let path = dataDir;
  let free = await probe.freeBytes(path);
  for (let i = 0; free === null && i < 16 && dirname(path) !== path; i += 1) {
    path = dirname(path);
    free = await probe.freeBytes(path);
  }
  if (free === null) return { id: 'free_disk', status: 'unknown', detail: `cannot stat ${path}` };
  const detail = `${(free / GIB).toFixed(1)} GiB free at ${path}`;
  if (free >= min) return { id: 'free_disk', status: 'ok', detail };
  return { id: 'free_disk', status: 'problem', detail, fix: 'sudo journalctl --vacuum-size=100M && sudo apt clean' };
}

/** Parses `journalctl --disk-usage` ("… take up 1.2G in the file system."). */
export function parseJournalUsage(text: string): number | null {
  const m = /take up ([\d.]+)([BKMGT])/.exec(text);
  if (!m) return null;
  const unit = { B: 1, K: 1024, M: MIB, G: GIB, T: 1024 * GIB }[m[2] as 'B' | 'K' | 'M' | 'G' | 'T'];
  return Math.round(parseFloat(m[1]!) * unit);
}

async function journald(probe: SystemProbe, max: number): Promise<DoctorCheck> {
  const r = await probe.exec('journalctl', ['--disk-usage']);
  const bytes = r === null ? null : parseJournalUsage(r.stdout + r.stderr);
  if (bytes === null) return { id: 'journald_size', status: 'unknown', detail: 'journalctl not available' };
  const detail = `journal uses ${(bytes / MIB).toFixed(0)} MiB`;
  if (bytes <= max) return { id: 'journald_size', status: 'ok', detail };
  return {
    id: 'journald_size',
    status: 'problem',
    detail,
    fix: 'set SystemMaxUse=100M in /etc/systemd/journald.conf, then: sudo systemctl restart systemd-journald && sudo journalctl --vacuum-size=100M',
  };
}

export function formatDoctorReport(report: DoctorReport): string {
  const mark = { ok: 'ok  ', problem: 'FAIL', unknown: '??  ' } as const;
  const lines = report.checks.map((c) => `[${mark[c.status]}] ${c.id}: ${c.detail}${c.fix && c.status !== 'ok' ? `\n       fix: ${c.fix}` : ''}`);
  lines.push(report.ok ? 'doctor: no problems found' : `doctor: ${report.checks.filter((c) => c.status === 'problem').length} problem(s)`);
  return `${lines.join('\n')}\n`;
}
