// Loading a native radio stack (noble or bleno on an HCI socket) fails on a machine with no
// Bluetooth or without the capabilities; that is a radio state to report, never a crash.
import type { RadioStatus } from '../ports.js';
import type { RadioLog } from './listener-set.js';

export async function loadOrReportNoAdapter<T>(
  load: () => Promise<T>,
  role: 'scanner' | 'beacon',
  log: RadioLog,
  setStatus: (status: RadioStatus) => void,
): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    log(`${role}_load_failed`, { error });
    setStatus({ state: 'no_adapter', detail: `hci_unavailable${typeof code === 'string' ? `: ${code}` : ''}` });
    return null;
  }
}
