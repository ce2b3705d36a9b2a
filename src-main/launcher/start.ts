// `npm start`: key server + kiosk core + kiosk window on this one machine, for a demo or
// development. Ctrl-C stops everything and exits 0; if any child dies the rest are stopped
// and the launcher exits non-zero with the reason.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { coreCommand, devSetupCommand, healthUrl, requiredBuildOutputs, serverCommand } from './child-commands.js';
import { parseDevSetupOutput } from './dev-setup-output.js';
import { chooseKioskWindow, chromiumWindowCommand, electronWindowCommand, type ProbeDeps } from './kiosk-window.js';
import { coreUrl, loadLauncherConfig, serverUrl, type LauncherConfig } from './launcher-config.js';
import { LauncherError } from './launcher-error.js';
import { describeExit, Supervisor } from './supervisor.js';
import { httpProbe, waitUntilReady } from './wait-for.js';

const rootDir = fileURLToPath(new URL('../../../', import.meta.url));
const SIGNAL_SETTLE_MS = 300;
const log = (line: string): void => void process.stdout.write(`[launcher] ${line}\n`);

function electronBinary(): string | null {
  try {
    // The electron package's main export is the path of its downloaded binary; it throws
    // when the download never happened (as on CI and on this project's build machines).
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' ? path : null;
  } catch {
    return null;
  }
}

const probeDeps: ProbeDeps = {
  exists: existsSync,
  electronBinary,
  runs: (command, args) => spawnSync(command, args, { stdio: 'ignore', timeout: 15_000 }).status === 0,
  platform: process.platform,
  env: process.env,
};

function childEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) out[k] = v;
  return out;
}

async function main(): Promise<number> {
  const config: LauncherConfig = loadLauncherConfig(process.env, rootDir, () => randomBytes(12).toString('base64url'));
  const missing = requiredBuildOutputs(config).filter((p) => !existsSync(p));
  if (missing.length > 0) throw new LauncherError('not_built', `missing build output, run \`npm run build\`:\n  ${missing.join('\n  ')}`);
  for (const dir of [config.serverDataDir, config.kioskDataDir, config.browserProfileDir]) mkdirSync(dir, { recursive: true });

  const supervisor = new Supervisor({ spawn, out: process.stdout, setTimeout, clearTimeout });
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  let shuttingDown = false;
  const shutdown = (code: number, reason: string): void => {
    if (shuttingDown) return;
    shuttingDown = true;
    log(`stopping (${reason})`);
    void supervisor.stopAll().then(() => finish(code));
  };
  process.on('SIGINT', () => shutdown(0, 'SIGINT'));
  process.on('SIGTERM', () => shutdown(0, 'SIGTERM'));
  supervisor.onUnexpectedExit((exit) => {
    // Ctrl-C in a terminal reaches the whole process group at once, and a child can exit
    // before our own SIGINT handler has run. Deciding a moment later lets the signal be
    // seen first, so Ctrl-C still ends with exit code 0 rather than "core exited".
    setTimeout(() => {
      // Closing the kiosk window normally is how a user quits the demo.
      if (exit.name === 'window' && exit.code === 0) shutdown(0, 'kiosk window closed');
      else shutdown(1, describeExit(exit));
    }, SIGNAL_SETTLE_MS);
  });
  const waitDeps = (probe: () => Promise<boolean>) => ({
    probe,
    now: Date.now,
    sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
    cancelled: () => shuttingDown,
  });

  const steps = async (): Promise<void> => {
    log(`preparing the key server (data in ${config.serverDataDir})`);
    let setupOut: string;
    try {
      setupOut = await supervisor.run(devSetupCommand(config, process.execPath, process.env));
    } catch (err) {
      // A --json CLI reports its own error as JSON on stdout: prefer that message.
      const stdout = (err as { stdout?: unknown }).stdout;
      if (typeof stdout === 'string' && stdout.trim() !== '') parseDevSetupOutput(stdout);
      throw err;
    }
    const setup = parseDevSetupOutput(setupOut);
    if (shuttingDown) return;

    supervisor.start(serverCommand(config, process.execPath, process.env));
    if (!(await waitUntilReady('key server', waitDeps(httpProbe(`${serverUrl(config)}/`, fetch, true)), config.healthTimeoutMs))) return;
    log(`key server listening on ${serverUrl(config)}`);

    supervisor.start(coreCommand(config, process.execPath, process.env, setup.enrollmentCode));
    if (!(await waitUntilReady('kiosk core', waitDeps(httpProbe(healthUrl(config), fetch)), config.healthTimeoutMs))) return;

    const url = coreUrl(config);
    log(`kiosk core ready on ${url} (staff console: ${url}/#/staff)`);
    log(
      `key server admin login: user "${setup.adminUsername}", password ${
        config.adminPasswordGenerated ? `"${config.adminPassword}" (generated for this run; set BZ_ADMIN_PASSWORD to choose one)` : 'from BZ_ADMIN_PASSWORD'
      }`,
    );
    log(`officials' console: ${serverUrl(config)}/console/`);
    for (const u of setup.demoUsers) log(`  demo ${u.role.replace('_', ' ')}: user "${u.username}", same password as the admin`);

    const window = chooseKioskWindow(config.window, probeDeps, config.chromiumPath);
    if (window.kind === 'none') {
      log(`no kiosk window (${window.reason}); open ${url} in a browser`);
    } else {
      const cmd =
        window.kind === 'electron'
          ? electronWindowCommand(window.binary, config.rootDir, url, childEnv())
          : chromiumWindowCommand(window.binary, url, config.browserProfileDir, config.rootDir, childEnv());
      log(`opening the kiosk window with ${window.kind} (${window.binary})`);
      supervisor.start(cmd);
    }
    log('running; press Ctrl-C to stop');
  };

  steps().catch((err: unknown) => {
    const message = err instanceof LauncherError ? `${err.code}: ${err.message}` : String(err);
    shutdown(1, message);
  });
  return finished;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof LauncherError ? `error (${err.code}): ${err.message}` : `error: ${String(err)}`;
    process.stderr.write(`[launcher] ${message}\n`);
    process.exit(err instanceof LauncherError ? 2 : 1);
  },
);
