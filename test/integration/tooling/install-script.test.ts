// assets/deploy/install.sh checks the settings it is given before it changes anything (and
// before asking for root), so a value the core would refuse fails the install with the
// core's reason instead of leaving a unit that restarts forever. Only refusals are run
// here, with a --source that does not exist: a value wrongly accepted stops at step 1.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
/** Never a project: a value wrongly accepted stops here instead of installing onto the host. */
const NO_SOURCE = '/nonexistent/bluezone-kiosk-source';
const install = (...args: string[]) =>
  spawnSync('bash', [join(root, 'assets/deploy/install.sh'), '--no-apt', '--no-start', '--source', NO_SOURCE, ...args], { encoding: 'utf8', input: '', timeout: 30_000 });

describe('install.sh refuses bad settings before doing anything', () => {
  it.each([
    ['plain http to another machine', ['--server-url', 'http://10.0.2.2:8080'], 'use https:// (plain http is allowed only to 127.0.0.1 or localhost)'],
    ['plain http to a name that only starts like localhost', ['--server-url', 'http://localhost.example.vn/'], 'use https://'],
    ['not a URL', ['--server-url', 'keys.example.vn'], 'expected an http(s) URL'],
    ['a PIN of 3 digits', ['--staff-pin', '123'], 'expected 4 to 8 digits'],
    ['an unknown time zone', ['--timezone', 'Asia/Nowhere'], 'unknown zone'],
  ])('%s', (_name, args, reason) => {
    const r = install(...args);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(reason);
    // Nothing ran: no step was started.
    expect(r.stdout).not.toContain('==> step');
  });
});
