// Which window shows the kiosk UI: Electron where its binary is installed and runs, else a
// Chromium/Chrome app window, else none (the URL is printed). File system and process
// probes are injected, so the choice is unit-tested without either browser.
import { delimiter, join } from 'node:path';
import type { WindowChoice } from './launcher-config.js';
import type { ChildCommand } from './child-commands.js';

export interface ProbeDeps {
  exists(path: string): boolean;
  /** Path of the Electron binary as the `electron` package reports it, or null when it has none. */
  electronBinary(): string | null;
  /** True when `command args` starts and exits 0 (used with --version). */
  runs(command: string, args: readonly string[]): boolean;
  platform: string;
  env: Readonly<Record<string, string | undefined>>;
}

export type KioskWindow =
  | { kind: 'electron'; binary: string }
  | { kind: 'chromium'; binary: string }
  | { kind: 'none'; reason: string };

const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome'];
const CHROMIUM_FIXED_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome'];

export function findElectron(deps: ProbeDeps): string | null {
  const binary = deps.electronBinary();
  if (binary === null || !deps.exists(binary)) return null;
  // The npm package can be present with a binary that cannot run here (other arch, missing libs).
  return deps.runs(binary, ['--version']) ? binary : null;
}

export function findChromium(deps: ProbeDeps, explicit: string | null): string | null {
  if (explicit !== null) return deps.exists(explicit) ? explicit : null;
  const dirs = (deps.env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  const candidates = [...CHROMIUM_NAMES.flatMap((name) => dirs.map((dir) => join(dir, name))), ...CHROMIUM_FIXED_PATHS];
  return candidates.find((path) => deps.exists(path)) ?? null;
}

function hasDisplay(deps: ProbeDeps): boolean {
  if (deps.platform !== 'linux') return true;
  return Boolean(deps.env.DISPLAY || deps.env.WAYLAND_DISPLAY);
}

export function chooseKioskWindow(choice: WindowChoice, deps: ProbeDeps, chromiumPath: string | null): KioskWindow {
  if (choice === 'none') return { kind: 'none', reason: 'BZ_KIOSK_WINDOW=none' };
  if (!hasDisplay(deps)) return { kind: 'none', reason: 'no graphical display (DISPLAY / WAYLAND_DISPLAY unset)' };
  if (choice === 'auto' || choice === 'electron') {
    const electron = findElectron(deps);
    if (electron) return { kind: 'electron', binary: electron };
    if (choice === 'electron') return { kind: 'none', reason: 'the Electron binary is not installed or does not run' };
  }
  const chromium = findChromium(deps, chromiumPath);
  if (chromium) return { kind: 'chromium', binary: chromium };
  return {
    kind: 'none',
    reason: chromiumPath ? `BZ_CHROMIUM=${chromiumPath} does not exist` : 'neither Electron nor Chromium/Chrome was found',
  };
}

/** Electron runs the shell (package.json "main"), told the core's URL by env and argument. */
export function electronWindowCommand(binary: string, rootDir: string, url: string, base: Record<string, string>): ChildCommand {
  return {
    name: 'window',
    command: binary,
    args: [rootDir, `--core-url=${url}`],
    env: { ...base, BZ_CORE_URL: url },
    cwd: rootDir,
  };
}

/**
 * A full-screen app window without browser chrome. Its own profile directory keeps the
 * kiosk apart from any browser the user runs, and makes `--app` open a new process rather
 * than a tab in an existing one (which would exit at once and look like a crash).
 */
export function chromiumWindowCommand(
  binary: string,
  url: string,
  profileDir: string,
  rootDir: string,
  base: Record<string, string>,
): ChildCommand {
  return {
    name: 'window',
    command: binary,
    args: [
      `--app=${url}`,
      '--kiosk',
      `--user-data-dir=${profileDir}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-translate',
      '--disable-features=Translate,TranslateUI',
      '--disable-session-crashed-bubble',
      '--disable-infobars',
      '--noerrdialogs',
      '--overscroll-history-navigation=0',
      '--disable-pinch',
      '--password-store=basic',
    ],
    env: base,
    cwd: rootDir,
  };
}
