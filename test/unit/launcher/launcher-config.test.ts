import { describe, expect, it } from 'vitest';
import { coreUrl, loadLauncherConfig, serverUrl } from '../../../src-main/launcher/launcher-config.js';
import { LauncherError } from '../../../src-main/launcher/launcher-error.js';

const ROOT = '/opt/bluezone-kiosk';
const random = () => 'generated-password';

function configError(env: Record<string, string>): LauncherError {
  try {
    loadLauncherConfig(env, ROOT, random);
  } catch (err) {
    if (err instanceof LauncherError) return err;
    throw err;
  }
  throw new Error('expected a LauncherError');
}

describe('loadLauncherConfig', () => {
  it('uses the documented defaults', () => {
    const c = loadLauncherConfig({}, ROOT, random);
    expect(c.serverPort).toBe(8788);
    expect(c.corePort).toBe(8787);
    expect(c.serverDataDir).toBe('/opt/bluezone-kiosk/data/server');
    expect(c.kioskDataDir).toBe('/opt/bluezone-kiosk/data/kiosk');
    expect(c.browserProfileDir).toBe('/opt/bluezone-kiosk/data/kiosk-browser');
    expect(c.window).toBe('auto');
    expect(c.adminPassword).toBe('generated-password');
    expect(c.adminPasswordGenerated).toBe(true);
    expect(coreUrl(c)).toBe('http://127.0.0.1:8787');
    expect(serverUrl(c)).toBe('http://127.0.0.1:8788');
  });

  it('takes ports, password, window and data dir from the environment', () => {
    const c = loadLauncherConfig(
      {
        BZ_SERVER_PORT: '9001',
        BZ_CORE_PORT: '9000',
        BZ_ADMIN_PASSWORD: 'correct horse',
        BZ_KIOSK_WINDOW: 'chromium',
        BZ_CHROMIUM: '/usr/local/bin/chrome',
        BZ_LAUNCHER_DATA_DIR: '/var/lib/bz',
      },
      ROOT,
      random,
    );
    expect([c.serverPort, c.corePort]).toEqual([9001, 9000]);
    expect(c.adminPassword).toBe('correct horse');
    expect(c.adminPasswordGenerated).toBe(false);
    expect(c.window).toBe('chromium');
    expect(c.chromiumPath).toBe('/usr/local/bin/chrome');
    expect(c.kioskDataDir).toBe('/var/lib/bz/kiosk');
  });

  it('rejects bad values, naming every variable to fix', () => {
    const err = configError({ BZ_CORE_PORT: '80a', BZ_SERVER_PORT: '70000', BZ_KIOSK_WINDOW: 'firefox', BZ_CHROMIUM: 'chromium' });
    expect(err.code).toBe('launcher_config_invalid');
    for (const name of ['BZ_CORE_PORT', 'BZ_SERVER_PORT', 'BZ_KIOSK_WINDOW', 'BZ_CHROMIUM']) expect(err.message).toContain(name);
  });

  it('rejects equal ports and a short admin password', () => {
    expect(configError({ BZ_CORE_PORT: '9000', BZ_SERVER_PORT: '9000' }).message).toContain('must differ');
    expect(configError({ BZ_ADMIN_PASSWORD: 'short' }).message).toContain('BZ_ADMIN_PASSWORD');
  });
});
