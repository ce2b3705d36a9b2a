// Login guessing (issue 12 items 2, 9 and 14): attempts are reserved atomically before the
// password is hashed, per (account, source address); unknown, wrong, disabled and throttled
// all get the same answer; the owner from another address is not locked out; hashes made
// with a weaker scrypt cost are replaced on the next login.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BACKENDS } from './helpers/backends.js';
import { createUser, startTestServer, TEST_PASSWORD_COST_LOG2, type TestServer } from './helpers/test-server.js';
import { DEFAULT_COST_LOG2, PasswordHasher } from '../../../src-server/auth/password.js';

const ATTACKER = '203.0.113.9';
const OWNER = '198.51.100.7';

describe.each(BACKENDS)('login throttling on %s', (backend) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer(backend, {}, TEST_PASSWORD_COST_LOG2 + 1);
  });
  afterAll(async () => s.close());

  const attempt = (username: string, password: string, from = ATTACKER) =>
    s.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password }, remoteAddress: from });

  it('20 parallel guesses check at most 5 passwords, and the account stays throttled for that source', async () => {
    await createUser(s, 'target', 'health_official', { province: 'Hà Nội' });
    const verify = vi.spyOn(s.app.services.passwords, 'verify');
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt('target', `guess-${i}-xxxxx`)));
      expect(answers.every((r) => r.statusCode === 401)).toBe(true);
      expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
      const right = await attempt('target', 'target-password');
      expect(right.statusCode).toBe(401);
      expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
    } finally {
      verify.mockRestore();
    }
  });

  it('the owner, from another address, still logs in while the attacker’s address is throttled', async () => {
    await createUser(s, 'owner', 'admin');
    for (let i = 0; i < 8; i += 1) expect((await attempt('owner', `guess-${i}-xxxxx`)).statusCode).toBe(401);
    expect((await attempt('owner', 'owner-password', OWNER)).statusCode).toBe(200);
    expect((await attempt('owner', 'owner-password', ATTACKER)).statusCode).toBe(401);
    s.clock.now += 16 * 60_000;
    expect((await attempt('owner', 'owner-password', ATTACKER)).statusCode).toBe(200);
  });

  it('answers unknown, wrong, disabled and throttled accounts identically', async () => {
    await createUser(s, 'known', 'ict_officer', { province: 'Hà Nội' });
    await createUser(s, 'gone', 'ict_officer', { province: 'Hà Nội' });
    await s.app.services.users.update((await s.app.services.users.findByUsername('gone'))!.id, { disabled: true }, s.clock.now);
    const bodies = new Set<string>();
    const statuses = new Set<number>();
    const note = (r: { statusCode: number; body: string }) => {
      statuses.add(r.statusCode);
      bodies.add(r.body);
    };
    note(await attempt('nobody-at-all', 'whatever-123', OWNER));
    note(await attempt('known', 'wrong-password', OWNER));
    note(await attempt('gone', 'gone-password', OWNER));
    for (let i = 0; i < 7; i += 1) note(await attempt('known', `wrong-${i}-xxxx`));
    note(await attempt('known', 'known-password'));
    for (let i = 0; i < 7; i += 1) note(await attempt('nobody-at-all', `wrong-${i}-xxxx`));
    expect([...statuses]).toEqual([401]);
    expect([...bodies]).toEqual([JSON.stringify({ error: { code: 'invalid_credentials', message: 'wrong username or password' } })]);
  });

  it('rehashes a weaker password hash on the next successful login', async () => {
    const weak = await new PasswordHasher(TEST_PASSWORD_COST_LOG2).hash('rehash-me-please');
    await s.app.services.users.create({ username: 'legacy', passwordHash: weak, role: 'admin', province: null, venueIds: [] }, s.clock.now);
    expect((await attempt('legacy', 'rehash-me-please', OWNER)).statusCode).toBe(200);
    const stored = (await s.app.services.users.findByUsername('legacy'))!.password_hash;
    expect(stored).toMatch(new RegExp(`^scrypt\\$${2 ** (TEST_PASSWORD_COST_LOG2 + 1)}\\$8\\$1\\$`));
    expect((await attempt('legacy', 'rehash-me-please', OWNER)).statusCode).toBe(200);
  });
});

describe('password hashing cost', () => {
  it('hashes at scrypt N = 2^17 by default and marks weaker hashes for rehashing', async () => {
    expect(DEFAULT_COST_LOG2).toBe(17);
    const hasher = new PasswordHasher();
    const stored = await hasher.hash('a-long-password');
    expect(stored.startsWith(`scrypt$${2 ** 17}$8$1$`)).toBe(true);
    expect(await hasher.verify('a-long-password', stored)).toBe(true);
    expect(hasher.needsRehash(stored)).toBe(false);
    expect(hasher.needsRehash(await new PasswordHasher(15).hash('a-long-password'))).toBe(true);
    expect(await hasher.verify('x', 'scrypt$2097152$8$1$AAAA$AAAA')).toBe(false);
  }, 60_000);
});
