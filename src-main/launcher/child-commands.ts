// The processes the launcher runs on this one machine: key server set-up, key server,
// kiosk core. Pure: builds command lines and environments, spawns nothing.
import { join } from 'node:path';
import { coreUrl, serverUrl, type Env, type LauncherConfig } from './launcher-config.js';

export interface ChildCommand {
  /** Short name used as the log prefix and in error messages. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
}

/** Files that must exist before anything starts; missing ones mean `npm run build` was not run. */
export function requiredBuildOutputs(config: LauncherConfig): string[] {
  return [
    join(config.rootDir, 'dist/src-server/cli.js'),
    join(config.rootDir, 'dist/src-server/main.js'),
    join(config.rootDir, 'dist/src-main/core/main.js'),
    join(config.rootDir, 'dist/renderer/index.html'),
  ];
}

function inherit(base: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) out[k] = v;
  return out;
}

function serverEnv(config: LauncherConfig, base: Env): Record<string, string> {
  return {
    ...inherit(base),
    BZ_SERVER_DATA_DIR: config.serverDataDir,
    BZ_SERVER_PORT: String(config.serverPort),
    BZ_SERVER_HOST: '127.0.0.1',
  };
}

/**
 * `cli.js dev-setup --json`: admin account, demo venue, fresh enrollment code. The password
 * travels in the environment (BZ_DEV_ADMIN_PASSWORD, which the CLI reads) rather than as
 * `--password`, because any local user can read a process's arguments but not its environment.
 */
export function devSetupCommand(config: LauncherConfig, nodePath: string, base: Env): ChildCommand {
  return {
    name: 'setup',
    command: nodePath,
    args: [join(config.rootDir, 'dist/src-server/cli.js'), 'dev-setup', '--json'],
    env: { ...serverEnv(config, base), BZ_DEV_ADMIN_PASSWORD: config.adminPassword },
    cwd: config.rootDir,
  };
}

export function serverCommand(config: LauncherConfig, nodePath: string, base: Env): ChildCommand {
  const env = serverEnv(config, base);
  delete env.BZ_DEV_ADMIN_PASSWORD;
  delete env.BZ_ADMIN_PASSWORD;
  return {
    name: 'server',
    command: nodePath,
    args: [join(config.rootDir, 'dist/src-server/main.js')],
    env,
    cwd: config.rootDir,
  };
}

export function coreCommand(config: LauncherConfig, nodePath: string, base: Env, enrollmentCode: string): ChildCommand {
  const env = inherit(base);
  delete env.BZ_DEV_ADMIN_PASSWORD;
  delete env.BZ_ADMIN_PASSWORD;
  return {
    name: 'core',
    command: nodePath,
    args: [join(config.rootDir, 'dist/src-main/core/main.js')],
    env: {
      ...env,
      BZ_DATA_DIR: config.kioskDataDir,
      BZ_UI_DIR: join(config.rootDir, 'dist/renderer'),
      // No Bluetooth on a development machine: the simulated radio produces visitors.
      BZ_RADIO: env.BZ_RADIO ?? 'simulated',
      BZ_SERVER_URL: serverUrl(config),
      BZ_ENROLLMENT_CODE: enrollmentCode,
      BZ_CORE_PORT: String(config.corePort),
      BZ_CORE_HOST: '127.0.0.1',
    },
    cwd: config.rootDir,
  };
}

export function healthUrl(config: LauncherConfig): string {
  return `${coreUrl(config)}/api/health`;
}
