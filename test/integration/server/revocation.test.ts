// Revocation (issue 12 item 7): users, sessions and kiosks can be cut off at once, through the
// API and the admin CLI's commands, and a kiosk can rotate its key.
import { randomUUID, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './helpers/backends.js';
import { bearer, createUser, createVenue, emptyBatch, enrollKiosk, login, newKioskKeys, signedInject, startTestServer, type TestServer } from './helpers/test-server.js';
import { endSessions, revokeKiosk, revokeUser } from '../../../src-server/cli-commands.js';
import { canonicalRequest, SIGNATURE_HEADERS } from '../../../shared/api/request-signing.js';

describe.each(BACKENDS)('revocation on %s', (backend) => {
  let s: TestServer;
  let admin: string;
  let venue: string;

  beforeAll(async () => {
    s = await startTestServer(backend);
    admin = await createUser(s, 'admin', 'admin');
    venue = await createVenue(s, 'Quán Cà Phê Hoa Sen');
  });
  afterAll(async () => s.close());

  const me = (token: string) => s.app.inject({ method: 'GET', url: '/v1/auth/me', headers: bearer(token) });
  const idOf = async (username: string) => (await s.app.services.users.findByUsername(username))!.id;

  it('an admin password reset ends every session of that user', async () => {
    const t1 = await createUser(s, 'ho1', 'health_official', { province: 'Hà Nội' });
    const t2 = await login(s, 'ho1', 'ho1-password');
    const r = await s.app.inject({ method: 'POST', url: `/v1/users/${await idOf('ho1')}/password`, headers: bearer(admin), payload: { password: 'a-new-password-1' } });
    expect(r.statusCode, r.body).toBe(200);
    expect((await me(t1)).statusCode).toBe(401);
    expect((await me(t2)).statusCode).toBe(401);
    await expect(login(s, 'ho1', 'ho1-password')).rejects.toThrow();
    expect((await me(await login(s, 'ho1', 'a-new-password-1'))).statusCode).toBe(200);
  });

  it('changing one’s own password keeps this session and ends the others; a wrong current password changes nothing', async () => {
    const here = await createUser(s, 'ho2', 'health_official', { province: 'Hà Nội' });
    const elsewhere = await login(s, 'ho2', 'ho2-password');
    const wrong = await s.app.inject({ method: 'POST', url: '/v1/auth/password', headers: bearer(here), payload: { current_password: 'not-it-at-all', new_password: 'another-password-2' } });
    expect(wrong.statusCode).toBe(401);
    expect((await me(elsewhere)).statusCode).toBe(200);
    const ok = await s.app.inject({ method: 'POST', url: '/v1/auth/password', headers: bearer(here), payload: { current_password: 'ho2-password', new_password: 'another-password-2' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
  });

  it('disabling a user ends their sessions and refuses their logins; enabling lets them back', async () => {
    const token = await createUser(s, 'vm1', 'venue_manager', { venueIds: [venue] });
    const id = await idOf('vm1');
    const r = await s.app.inject({ method: 'PATCH', url: `/v1/users/${id}`, headers: bearer(admin), payload: { disabled: true } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().disabled).toBe(true);
    expect((await me(token)).statusCode).toBe(401);
    const refused = await s.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'vm1', password: 'vm1-password' } });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('invalid_credentials');
    await s.app.inject({ method: 'PATCH', url: `/v1/users/${id}`, headers: bearer(admin), payload: { disabled: false } });
    expect((await me(await login(s, 'vm1', 'vm1-password'))).statusCode).toBe(200);
  });

  it('PATCH changes role and scope under the same rules as creation', async () => {
    await createUser(s, 'ict1', 'ict_officer', { province: 'Hà Nội' });
    const id = await idOf('ict1');
    const noVenues = await s.app.inject({ method: 'PATCH', url: `/v1/users/${id}`, headers: bearer(admin), payload: { role: 'venue_manager' } });
    expect(noVenues.json().error.code).toBe('venues_required');
    const ok = await s.app.inject({ method: 'PATCH', url: `/v1/users/${id}`, headers: bearer(admin), payload: { role: 'venue_manager', venue_ids: [venue] } });
    expect(ok.json()).toMatchObject({ role: 'venue_manager', province: null, venue_ids: [venue] });
    const self = await s.app.inject({ method: 'PATCH', url: `/v1/users/${await idOf('admin')}`, headers: bearer(admin), payload: { disabled: true } });
    expect(self.json().error.code).toBe('cannot_disable_self');
  });

  it('logout ends only this session', async () => {
    const a = await createUser(s, 'ho3', 'health_official', { province: 'Hà Nội' });
    const b = await login(s, 'ho3', 'ho3-password');
    expect((await s.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(a) })).statusCode).toBe(200);
    expect((await me(a)).statusCode).toBe(401);
    expect((await me(b)).statusCode).toBe(200);
  });

  it('admin commands revoke a user, end sessions and revoke a kiosk', async () => {
    const t = await createUser(s, 'ho4', 'health_official', { province: 'Hà Nội' });
    expect(await endSessions(s.app.services, 'ho4')).toMatchObject({ sessions_ended: 1 });
    expect((await me(t)).statusCode).toBe(401);
    const t2 = await login(s, 'ho4', 'ho4-password');
    expect(await revokeUser(s.app.services, 'ho4')).toMatchObject({ disabled: true, sessions_ended: 1 });
    expect((await me(t2)).statusCode).toBe(401);
    await expect(login(s, 'ho4', 'ho4-password')).rejects.toThrow();
    const k = await enrollKiosk(s, venue);
    expect(await revokeKiosk(s.app.services, k.id)).toEqual({ kiosk_id: k.id, revoked: true });
    const r = await signedInject(s, k, 'POST', '/v1/kiosk/batches', emptyBatch(randomUUID(), s.clock.now));
    expect(r.json().error.code).toBe('kiosk_revoked');
  });

  it('a revoked kiosk is refused on its very next request, with no cache window', async () => {
    const k = await enrollKiosk(s, venue);
    expect((await signedInject(s, k, 'GET', '/v1/kiosk/notices')).statusCode).toBe(200);
    const r = await s.app.inject({ method: 'POST', url: `/v1/kiosks/${k.id}/revoke`, headers: bearer(admin) });
    expect(r.statusCode, r.body).toBe(200);
    s.clock.now += 1;
    const after = await signedInject(s, k, 'POST', '/v1/kiosk/batches', emptyBatch(randomUUID(), s.clock.now));
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('kiosk_revoked');
    const list = await s.app.inject({ method: 'GET', url: '/v1/kiosks', headers: bearer(admin) });
    expect(list.json().kiosks.find((x: { id: string }) => x.id === k.id).revoked_at).toBe(s.clock.now - 1);
    expect((await s.app.inject({ method: 'POST', url: `/v1/kiosks/${randomUUID()}/revoke`, headers: bearer(admin) })).statusCode).toBe(404);
  });

  it('a kiosk rotates its key: signed with the old key, then only the new key works', async () => {
    const k = await enrollKiosk(s, venue);
    const next = newKioskKeys();
    const r = await signedInject(s, k, 'POST', '/v1/kiosk/rotate-key', { public_key: next.publicKeyB64 });
    expect(r.statusCode, r.body).toBe(200);
    s.clock.now += 1;
    const old = await signedInject(s, k, 'GET', '/v1/kiosk/notices');
    expect(old.json().error.code).toBe('signature_invalid');
    const rotated = { ...k, ...next };
    expect((await signedInject(s, rotated, 'GET', '/v1/kiosk/notices')).statusCode).toBe(200);
    const bad = await signedInject(s, rotated, 'POST', '/v1/kiosk/rotate-key', { public_key: 'short' });
    expect(bad.json().error.code).toBe('invalid_request');
  });

  it('a re-encoded signature (unused base64 bits set) is refused, so a request cannot be replayed', async () => {
    const k = await enrollKiosk(s, venue);
    const url = '/v1/kiosk/notices';
    const ts = s.clock.now;
    const sig = sign(null, Buffer.from(canonicalRequest('GET', url, ts, '')), k.privateKey).toString('base64');
    const headers = (signature: string) => ({ [SIGNATURE_HEADERS.kioskId]: k.id, [SIGNATURE_HEADERS.timestamp]: String(ts), [SIGNATURE_HEADERS.signature]: signature });
    expect((await s.app.inject({ method: 'GET', url, headers: headers(sig) })).statusCode).toBe(200);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = alphabet.indexOf(sig[85]!);
    let accepted = 0;
    for (let bits = 1; bits < 16; bits += 1) {
      const variant = sig.slice(0, 85) + alphabet[(last & ~15) | ((last & 15) ^ bits)]! + '==';
      expect(Buffer.from(variant, 'base64').equals(Buffer.from(sig, 'base64'))).toBe(true);
      const r = await s.app.inject({ method: 'GET', url, headers: headers(variant) });
      if (r.statusCode === 200) accepted += 1;
      else expect(r.json().error.code).toBe('signature_invalid');
    }
    expect(accepted).toBe(0);
    const replay = await s.app.inject({ method: 'GET', url, headers: headers(sig) });
    expect(replay.json().error.code).toBe('replayed_request');
  });
});
