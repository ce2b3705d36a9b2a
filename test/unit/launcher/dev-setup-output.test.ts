import { describe, expect, it } from 'vitest';
import { parseDevSetupOutput } from '../../../src-main/launcher/dev-setup-output.js';
import { LauncherError } from '../../../src-main/launcher/launcher-error.js';

function failure(stdout: string): LauncherError {
  try {
    parseDevSetupOutput(stdout);
  } catch (err) {
    if (err instanceof LauncherError) return err;
    throw err;
  }
  throw new Error('expected a LauncherError');
}

describe('parseDevSetupOutput', () => {
  it('reads the venue and enrollment code, skipping log lines', () => {
    const out = [
      '{"level":30,"msg":"migrated"',
      'some text',
      JSON.stringify({ venue_id: 'v-1', enrollment_code: 'K7PQ-2MXD-9RTA', expires_at: 1, admin_username: 'admin' }),
      '',
    ].join('\n');
    expect(parseDevSetupOutput(out)).toEqual({ venueId: 'v-1', enrollmentCode: 'K7PQ-2MXD-9RTA', adminUsername: 'admin', demoUsers: [] });
  });

  it('reads the demo officials, ignoring malformed entries', () => {
    const out = JSON.stringify({
      venue_id: 'v-1',
      enrollment_code: 'K7PQ-2MXD-9RTA',
      admin_username: 'admin',
      demo_users: [{ username: 'demo-health', role: 'health_official' }, { username: 7 }, 'x'],
    });
    expect(parseDevSetupOutput(out).demoUsers).toEqual([{ username: 'demo-health', role: 'health_official' }]);
  });

  it('reports the CLI error code and message', () => {
    const err = failure('{"error":{"code":"config_invalid","message":"BZ_SERVER_PORT bad"}}\n');
    expect(err.code).toBe('dev_setup_failed');
    expect(err.message).toContain('config_invalid');
    expect(err.message).toContain('BZ_SERVER_PORT bad');
  });

  it('rejects output without a result, or with a malformed code', () => {
    expect(failure('').message).toContain('no JSON');
    expect(failure('[1,2]\nnot json').message).toContain('no JSON');
    expect(failure('{"venue_id":"v"}').message).toContain('enrollment_code');
    expect(failure('{"venue_id":"v","enrollment_code":"a b"}').message).toContain('enrollment_code');
    expect(failure('{"enrollment_code":"ABCDEFGH"}').message).toContain('venue_id');
  });
});
