// The launcher's one validated configuration. The environment is read here and nowhere
// else in the launcher; invalid values stop start-up with a message naming the variable.
import { isAbsolute, join, resolve } from 'node:path';
import { LauncherError } from './launcher-error.js';

export type WindowChoice = 'auto' | 'electron' | 'chromium' | 'none';
const WINDOW_CHOICES: readonly WindowChoice[] = ['auto', 'electron', 'chromium', 'none'];

export interface LauncherConfig {
  /** Repository root: dist/ and data/ live under it. */
  readonly rootDir: string;
  readonly serverPort: number;
  readonly corePort: number;
  readonly serverDataDir: string;
  readonly kioskDataDir: string;
  /** Browser profile of the Chromium kiosk window, kept apart from the user's own. */
  readonly browserProfileDir: string;
  readonly adminPassword: string;
  /** True when no password was configured and a random one was made for this run. */
  readonly adminPasswordGenerated: boolean;
  readonly window: WindowChoice;
  /** Explicit Chromium/Chrome binary, or null to search the usual places. */
  readonly chromiumPath: string | null;
  readonly healthTimeoutMs: number;
}

export type Env = Readonly<Record<string, string | undefined>>;

function port(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    problems.push(`${name}=${JSON.stringify(raw)}: expected a TCP port 1-65535`);
    return fallback;
  }
  return n;
}

export function loadLauncherConfig(env: Env, rootDir: string, randomPassword: () => string): LauncherConfig {
  const problems: string[] = [];
  const serverPort = port(env, 'BZ_SERVER_PORT', 8788, problems);
  const corePort = port(env, 'BZ_CORE_PORT', 8787, problems);
  if (serverPort === corePort) problems.push(`BZ_SERVER_PORT and BZ_CORE_PORT are both ${corePort}: they must differ`);

  const windowRaw = env.BZ_KIOSK_WINDOW ?? 'auto';
  if (!(WINDOW_CHOICES as readonly string[]).includes(windowRaw)) {
    problems.push(`BZ_KIOSK_WINDOW=${JSON.stringify(windowRaw)}: use one of ${WINDOW_CHOICES.join(', ')}`);
  }

  const timeoutRaw = env.BZ_HEALTH_TIMEOUT_MS;
  const healthTimeoutMs = timeoutRaw ? Number(timeoutRaw) : 60_000;
  if (!Number.isInteger(healthTimeoutMs) || healthTimeoutMs < 1_000) {
    problems.push(`BZ_HEALTH_TIMEOUT_MS=${JSON.stringify(timeoutRaw)}: expected whole milliseconds >= 1000`);
  }

  const configured = env.BZ_ADMIN_PASSWORD ?? env.BZ_DEV_ADMIN_PASSWORD;
  if (configured !== undefined && configured.length < 8) {
    problems.push('BZ_ADMIN_PASSWORD: use at least 8 characters');
  }

  const chromiumPath = env.BZ_CHROMIUM || null;
  if (chromiumPath !== null && !isAbsolute(chromiumPath)) {
    problems.push(`BZ_CHROMIUM=${JSON.stringify(chromiumPath)}: give an absolute path to the browser binary`);
  }

  if (problems.length > 0) {
    throw new LauncherError('launcher_config_invalid', `invalid launcher configuration:\n  ${problems.join('\n  ')}`);
  }
  const dataDir = resolve(rootDir, env.BZ_LAUNCHER_DATA_DIR ?? 'data');
  return {
    rootDir,
    serverPort,
    corePort,
    serverDataDir: join(dataDir, 'server'),
    kioskDataDir: join(dataDir, 'kiosk'),
    browserProfileDir: join(dataDir, 'kiosk-browser'),
    adminPassword: configured ?? randomPassword(),
    adminPasswordGenerated: configured === undefined,
    window: windowRaw as WindowChoice,
    chromiumPath,
    healthTimeoutMs,
  };
}

export function coreUrl(config: LauncherConfig): string {
  return `http://127.0.0.1:${config.corePort}`;
}

export function serverUrl(config: LauncherConfig): string {
  return `http://127.0.0.1:${config.serverPort}`;
}
