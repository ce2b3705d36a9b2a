// Reads what `cli.js dev-setup --json` prints: one JSON object on stdout.
import { LauncherError } from './launcher-error.js';

export interface DevSetupResult {
  readonly venueId: string;
  readonly enrollmentCode: string;
  readonly adminUsername: string;
  /** Demo officials (same password as the admin), for the console. */
  readonly demoUsers: readonly { username: string; role: string }[];
}

function lastJsonObject(stdout: string): Record<string, unknown> | null {
  const lines = stdout.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.startsWith('{'));
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    try {
      const value: unknown = JSON.parse(lines[i] ?? '');
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // Log lines may start with '{' too; only a whole-line JSON object is the answer.
      continue;
    }
  }
  return null;
}

export function parseDevSetupOutput(stdout: string): DevSetupResult {
  const obj = lastJsonObject(stdout);
  if (!obj) throw new LauncherError('dev_setup_failed', 'key server dev-setup printed no JSON result');
  const err = obj.error;
  if (typeof err === 'object' && err !== null) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    throw new LauncherError('dev_setup_failed', `key server dev-setup failed (${String(code)}): ${String(message)}`);
  }
  const { venue_id: venueId, enrollment_code: enrollmentCode, admin_username: adminUsername } = obj;
  if (typeof venueId !== 'string' || venueId === '') {
    throw new LauncherError('dev_setup_failed', 'key server dev-setup result has no venue_id');
  }
  if (typeof enrollmentCode !== 'string' || !/^[A-Za-z0-9-]{8,64}$/.test(enrollmentCode)) {
    throw new LauncherError('dev_setup_failed', 'key server dev-setup result has no valid enrollment_code');
  }
  const demo = Array.isArray(obj.demo_users) ? obj.demo_users : [];
  const demoUsers = demo
    .filter((u): u is { username: string; role: string } => typeof u === 'object' && u !== null && typeof (u as { username?: unknown }).username === 'string' && typeof (u as { role?: unknown }).role === 'string')
    .map((u) => ({ username: u.username, role: u.role }));
  return { venueId, enrollmentCode, adminUsername: typeof adminUsername === 'string' ? adminUsername : 'admin', demoUsers };
}
