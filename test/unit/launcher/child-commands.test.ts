import { describe, expect, it } from 'vitest';
import { coreCommand, devSetupCommand, healthUrl, serverCommand } from '../../../src-main/launcher/child-commands.js';
import { loadLauncherConfig } from '../../../src-main/launcher/launcher-config.js';

const config = loadLauncherConfig({ BZ_ADMIN_PASSWORD: 'very-secret-pw' }, '/srv/bz', () => 'unused');
const base = { PATH: '/usr/bin', HOME: '/home/kiosk', BZ_ADMIN_PASSWORD: 'very-secret-pw', UNSET: undefined };

describe('child commands', () => {
  it('runs dev-setup as JSON with the password in the environment, never in argv', () => {
    const cmd = devSetupCommand(config, '/usr/bin/node', base);
    expect(cmd.command).toBe('/usr/bin/node');
    expect(cmd.args).toEqual(['/srv/bz/dist/src-server/cli.js', 'dev-setup', '--json']);
    expect(cmd.args.join(' ')).not.toContain('very-secret-pw');
    expect(cmd.env.BZ_DEV_ADMIN_PASSWORD).toBe('very-secret-pw');
    expect(cmd.env.BZ_SERVER_DATA_DIR).toBe('/srv/bz/data/server');
    expect(cmd.env.PATH).toBe('/usr/bin');
    expect('UNSET' in cmd.env).toBe(false);
  });

  it('starts the key server on its data dir and port, without the admin password', () => {
    const cmd = serverCommand(config, '/usr/bin/node', base);
    expect(cmd.args).toEqual(['/srv/bz/dist/src-server/main.js']);
    expect(cmd.env).toMatchObject({ BZ_SERVER_DATA_DIR: '/srv/bz/data/server', BZ_SERVER_PORT: '8788' });
    expect(cmd.env.BZ_ADMIN_PASSWORD).toBeUndefined();
    expect(cmd.env.BZ_DEV_ADMIN_PASSWORD).toBeUndefined();
  });

  it('starts the core with the simulated radio, the server URL and the enrollment code', () => {
    const cmd = coreCommand(config, '/usr/bin/node', base, 'ABCD-1234-EFGH');
    expect(cmd.args).toEqual(['/srv/bz/dist/src-main/core/main.js']);
    expect(cmd.env).toMatchObject({
      BZ_DATA_DIR: '/srv/bz/data/kiosk',
      BZ_RADIO: 'simulated',
      BZ_SERVER_URL: 'http://127.0.0.1:8788',
      BZ_ENROLLMENT_CODE: 'ABCD-1234-EFGH',
      BZ_CORE_PORT: '8787',
      BZ_UI_DIR: '/srv/bz/dist/renderer',
    });
    expect(cmd.env.BZ_ADMIN_PASSWORD).toBeUndefined();
    expect(healthUrl(config)).toBe('http://127.0.0.1:8787/api/health');
  });

  it('keeps a radio mode chosen by the user', () => {
    expect(coreCommand(config, 'node', { ...base, BZ_RADIO: 'replay' }, 'ABCD-1234').env.BZ_RADIO).toBe('replay');
  });
});
