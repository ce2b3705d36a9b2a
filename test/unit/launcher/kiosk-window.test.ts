import { describe, expect, it } from 'vitest';
import {
  chooseKioskWindow,
  chromiumWindowCommand,
  electronWindowCommand,
  type ProbeDeps,
} from '../../../src-main/launcher/kiosk-window.js';

function deps(files: string[], opts: { electron?: string | null; runs?: boolean; env?: Record<string, string> } = {}): ProbeDeps {
  return {
    exists: (p) => files.includes(p),
    electronBinary: () => opts.electron ?? null,
    runs: () => opts.runs ?? true,
    platform: 'linux',
    env: opts.env ?? { PATH: '/usr/local/bin:/usr/bin', DISPLAY: ':0' },
  };
}

const ELECTRON = '/app/node_modules/electron/dist/electron';

describe('chooseKioskWindow', () => {
  it('prefers Electron when its binary exists and runs', () => {
    const d = deps([ELECTRON, '/usr/bin/chromium'], { electron: ELECTRON });
    expect(chooseKioskWindow('auto', d, null)).toEqual({ kind: 'electron', binary: ELECTRON });
  });

  it('falls back to Chromium when the Electron binary is missing or does not run', () => {
    expect(chooseKioskWindow('auto', deps(['/usr/bin/chromium'], { electron: ELECTRON }), null)).toEqual({
      kind: 'chromium',
      binary: '/usr/bin/chromium',
    });
    expect(chooseKioskWindow('auto', deps([ELECTRON, '/usr/bin/chromium'], { electron: ELECTRON, runs: false }), null).kind).toBe('chromium');
  });

  it('finds Chrome on PATH, in PATH order', () => {
    const d = deps(['/usr/local/bin/google-chrome', '/usr/bin/google-chrome']);
    expect(chooseKioskWindow('auto', d, null)).toEqual({ kind: 'chromium', binary: '/usr/local/bin/google-chrome' });
  });

  it('uses an explicit browser path, or reports that it is missing', () => {
    expect(chooseKioskWindow('auto', deps(['/opt/c/chrome', '/usr/bin/chromium']), '/opt/c/chrome')).toEqual({ kind: 'chromium', binary: '/opt/c/chrome' });
    const none = chooseKioskWindow('chromium', deps(['/usr/bin/chromium']), '/opt/c/chrome');
    expect(none).toMatchObject({ kind: 'none' });
    expect(none.kind === 'none' && none.reason).toContain('/opt/c/chrome');
  });

  it('opens no window without a display, when asked for none, or when nothing is installed', () => {
    expect(chooseKioskWindow('auto', deps(['/usr/bin/chromium'], { env: { PATH: '/usr/bin' } }), null)).toMatchObject({ kind: 'none' });
    expect(chooseKioskWindow('none', deps(['/usr/bin/chromium']), null)).toMatchObject({ kind: 'none' });
    expect(chooseKioskWindow('auto', deps([]), null)).toMatchObject({ kind: 'none' });
  });

  it('does not fall back to Chromium when Electron was asked for explicitly', () => {
    expect(chooseKioskWindow('electron', deps(['/usr/bin/chromium']), null)).toMatchObject({ kind: 'none' });
  });

  it('skips Electron when Chromium was asked for explicitly', () => {
    const d = deps([ELECTRON, '/usr/bin/chromium'], { electron: ELECTRON });
    expect(chooseKioskWindow('chromium', d, null)).toEqual({ kind: 'chromium', binary: '/usr/bin/chromium' });
  });
});

describe('window commands', () => {
  it('opens Chromium as a kiosk app window with its own profile', () => {
    const cmd = chromiumWindowCommand('/usr/bin/chromium', 'http://127.0.0.1:8787', '/srv/bz/data/kiosk-browser', '/srv/bz', {});
    expect(cmd.args).toContain('--app=http://127.0.0.1:8787');
    expect(cmd.args).toContain('--kiosk');
    expect(cmd.args).toContain('--user-data-dir=/srv/bz/data/kiosk-browser');
  });

  it('runs the Electron shell from the app root with the core URL', () => {
    const cmd = electronWindowCommand(ELECTRON, '/srv/bz', 'http://127.0.0.1:9000', { PATH: '/usr/bin' });
    expect(cmd.args).toEqual(['/srv/bz', '--core-url=http://127.0.0.1:9000']);
    expect(cmd.env).toEqual({ PATH: '/usr/bin', BZ_CORE_URL: 'http://127.0.0.1:9000' });
  });
});
