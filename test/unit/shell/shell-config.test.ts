import { describe, expect, it } from 'vitest';
import { loadShellConfig } from '../../../src-main/shell/shell-config.js';
import { ShellConfigError } from '../../../src-main/shell/origin-policy.js';

describe('loadShellConfig', () => {
  it('defaults to the local core', () => {
    expect(loadShellConfig(['electron', '.'], {}).coreUrl.href).toBe('http://127.0.0.1:8787/');
  });

  it('takes BZ_CORE_URL, and --core-url over it', () => {
    expect(loadShellConfig([], { BZ_CORE_URL: 'http://127.0.0.1:9000' }).coreUrl.origin).toBe('http://127.0.0.1:9000');
    expect(loadShellConfig(['--core-url=http://10.0.0.5:8787'], { BZ_CORE_URL: 'http://127.0.0.1:9000' }).coreUrl.origin).toBe(
      'http://10.0.0.5:8787',
    );
  });

  it('refuses an invalid URL instead of opening something else', () => {
    expect(() => loadShellConfig(['--core-url=file:///tmp/x.html'], {})).toThrow(ShellConfigError);
  });
});
