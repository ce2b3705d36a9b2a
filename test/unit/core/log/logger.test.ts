import { describe, expect, it } from 'vitest';
import { createLogger, leveled, redact } from '../../../../src-main/core/log/logger.js';

describe('logger', () => {
  it('writes one JSON line per event with module and level', () => {
    const lines: string[] = [];
    const log = createLogger('core', { write: (l) => lines.push(l), level: 'info' });
    log.debug('hidden');
    log.child('radio').warn('scan_restarted', { attempts: 2 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', module: 'core.radio', event: 'scan_restarted', attempts: 2 });
  });

  it('redacts identifiers by key and by shape', () => {
    const out = redact({
      visitor_id: 'B9A665D754FE65E665D76A45',
      address: 'aa:bb:cc:dd:ee:ff',
      count: 3,
      message: 'peer 11:22:33:44:55:66 sent B9A665D754FE65E665D76A45',
      nested: { enrollment_code: 'ABCD-1234' },
    });
    expect(out).toEqual({
      visitor_id: '[redacted]',
      address: '[redacted]',
      count: 3,
      message: 'peer [mac] sent [hex]',
      nested: { enrollment_code: '[redacted]' },
    });
  });
});

describe('leveled log functions', () => {
  it('write each event at the level its call site chose, info by default', () => {
    const lines: string[] = [];
    const log = leveled(createLogger('core', { level: 'debug', write: (l) => void lines.push(l) }).child('store'));
    log('disk_full', { during: 'flush' }, 'error');
    log('upload_failed', { code: 'http_503' }, 'warn');
    log('purged');
    expect(lines.map((l) => JSON.parse(l) as { level: string; module: string; event: string }).map((r) => [r.module, r.event, r.level])).toEqual([
      ['core.store', 'disk_full', 'error'],
      ['core.store', 'upload_failed', 'warn'],
      ['core.store', 'purged', 'info'],
    ]);
  });
});
