import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src-server/config.js';

describe('key server config', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8788, databaseUrl: null, retentionDays: 21, feedDir: null });
    expect(c.dataDir.endsWith('data/server')).toBe(true);
  });

  it('selects PostgreSQL from DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).databaseUrl).toBe('postgres://u@h:5432/db');
  });

  it('reads the dev-setup admin password from the environment and checks its length', () => {
    expect(loadConfig({ BZ_DEV_ADMIN_PASSWORD: 'long-enough-secret' }).devAdminPassword).toBe('long-enough-secret');
    expect(loadConfig({}).devAdminPassword).toBeNull();
    expect(() => loadConfig({ BZ_DEV_ADMIN_PASSWORD: 'short' })).toThrowError(/BZ_DEV_ADMIN_PASSWORD/);
  });

  it('lists every invalid variable with what to fix', () => {
    try {
      loadConfig({ BZ_SERVER_PORT: '99999', BZ_RETENTION_DAYS: 'three', DATABASE_URL: 'mysql://x', BZ_LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/BZ_SERVER_PORT.*between 0 and 65535/);
      expect(problems.join('\n')).toMatch(/BZ_RETENTION_DAYS/);
      expect(problems.join('\n')).toMatch(/DATABASE_URL: must start with postgres:\/\//);
    }
  });
});
