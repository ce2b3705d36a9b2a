import { describe, expect, it } from 'vitest';
import { navigationAllowed, parseCoreUrl, requestAllowed, ShellConfigError } from '../../../src-main/shell/origin-policy.js';

const ORIGIN = 'http://127.0.0.1:8787';

describe('navigationAllowed', () => {
  it('allows pages of the core, including hash routes', () => {
    expect(navigationAllowed('http://127.0.0.1:8787/', ORIGIN)).toBe(true);
    expect(navigationAllowed('http://127.0.0.1:8787/#/staff', ORIGIN)).toBe(true);
    expect(navigationAllowed('http://127.0.0.1:8787/index.html?x=1', ORIGIN)).toBe(true);
  });

  it('blocks other origins, ports, schemes and look-alike hosts', () => {
    for (const url of [
      'https://www.bluezone.gov.vn/',
      'http://127.0.0.1:8788/',
      'https://127.0.0.1:8787/',
      'http://localhost:8787/',
      'http://127.0.0.1:8787@evil.example/',
      'http://127.0.0.1.evil.example:8787/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<h1>x</h1>',
      'chrome://settings',
      'devtools://devtools/bundled/inspector.html',
      'not a url',
      '',
    ]) {
      expect(navigationAllowed(url, ORIGIN), url).toBe(false);
    }
  });
});

describe('requestAllowed', () => {
  it('allows core resources, data: URLs and same-origin blobs', () => {
    expect(requestAllowed('http://127.0.0.1:8787/assets/font.woff2', ORIGIN)).toBe(true);
    expect(requestAllowed('http://127.0.0.1:8787/api/events', ORIGIN)).toBe(true);
    expect(requestAllowed('data:,', ORIGIN)).toBe(true);
    expect(requestAllowed('blob:http://127.0.0.1:8787/5b1c1a6e-0000-4000-8000-000000000000', ORIGIN)).toBe(true);
  });

  it('blocks remote fonts, other-origin blobs and other schemes', () => {
    expect(requestAllowed('https://fonts.gstatic.com/s/bevietnampro/v1/x.woff2', ORIGIN)).toBe(false);
    expect(requestAllowed('blob:https://evil.example/uuid', ORIGIN)).toBe(false);
    expect(requestAllowed('ws://127.0.0.1:9229/', ORIGIN)).toBe(false);
    expect(requestAllowed('file:///home/pi/.ssh/id_rsa', ORIGIN)).toBe(false);
  });
});

describe('parseCoreUrl', () => {
  it('accepts http and https URLs', () => {
    expect(parseCoreUrl('http://127.0.0.1:8787').origin).toBe(ORIGIN);
    expect(parseCoreUrl('https://kiosk.local/').origin).toBe('https://kiosk.local');
  });

  it('rejects non-URLs, other schemes and embedded credentials with a stable code', () => {
    for (const raw of ['127.0.0.1:8787x', 'file:///srv/ui/index.html', 'http://user:pw@127.0.0.1:8787/', '']) {
      expect(() => parseCoreUrl(raw), raw).toThrow(ShellConfigError);
    }
    const caught = (() => {
      try {
        parseCoreUrl('ftp://x');
        return null;
      } catch (err) {
        return err;
      }
    })();
    expect(caught).toBeInstanceOf(ShellConfigError);
    expect((caught as ShellConfigError).code).toBe('shell_config_invalid');
  });
});
