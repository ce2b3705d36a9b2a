// Administrative units as data (import, two- and three-level areas, all-or-nothing), venue
// places checked against them, venue edit/move, and names compared after NFC normalisation:
// a province typed in decomposed form (NFD) is the same province.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './helpers/backends.js';
import { bearer, createUser, createVenue, startTestServer, type TestServer } from './helpers/test-server.js';
import { CliError, importAreas } from '../../../src-server/cli-commands.js';
import { parseAreasCsv } from '../../../src-server/areas/areas-csv.js';

const HANOI_NFD = 'Hà Nội'.normalize('NFD');

describe.each(BACKENDS)('areas and NFC names on %s', (backend) => {
  let s: TestServer;
  let admin: string;
  let venue: string;

  beforeAll(async () => {
    s = await startTestServer(backend);
    admin = await createUser(s, 'admin', 'admin');
    venue = await createVenue(s, 'Quán Cà Phê Hoa Sen');
  });
  afterAll(async () => s.close());

  it('imports the sample file: three-level and two-level provinces', async () => {
    const r = await importAreas(s.app.services, await readFile('assets/areas/vn-areas-sample.csv', 'utf8'));
    expect(r).toEqual({ provinces: 3, districts: 3, wards: 11 });
    const list = (await s.app.inject({ method: 'GET', url: '/v1/areas', headers: bearer(admin) })).json().areas as { name: string; level: string; parent_code: string | null }[];
    const danang = list.find((a) => a.name === 'Đà Nẵng');
    expect(list.filter((a) => a.level === 'ward' && a.parent_code === '48').map((a) => a.name).sort()).toEqual(['Hải Châu', 'Ngũ Hành Sơn', 'Sơn Trà']);
    expect(danang?.level).toBe('province');
  });

  it('refuses a bad file line by line and keeps the old units', async () => {
    const bad = 'province_code,province_name,district_code,district_name,ward_code,ward_name\n01,Hà Nội,001,,00001,Phúc Xá\n01,Hà Nội\n02,Hà Giang,,,00001,Other name\n';
    const parsed = parseAreasCsv(bad);
    expect(parsed.problems.map((p) => [p.line, p.code])).toEqual([
      [2, 'district_half'],
      [3, 'field_count'],
    ]);
    await expect(importAreas(s.app.services, bad)).rejects.toBeInstanceOf(CliError);
    await expect(importAreas(s.app.services, 'name,code\n')).rejects.toThrow(/first line must be/);
    expect(await s.app.services.areas.count()).toBe(17);
  });

  it('checks a venue’s places against the units, NFD or NFC, and moves a venue; a bad move changes nothing', async () => {
    const ok = await s.app.inject({ method: 'POST', url: '/v1/venues', headers: bearer(admin), payload: { name: 'Chợ Hàn', kind: 'market', province: 'Đà Nẵng'.normalize('NFD'), district: '', ward: 'Hải Châu' } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().province).toBe('Đà Nẵng');
    const bad = await s.app.inject({ method: 'POST', url: '/v1/venues', headers: bearer(admin), payload: { name: 'X', kind: 'market', province: 'Hà Nội', district: 'Hoàn Kiếm', ward: 'Kim Mã' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('area_unknown');

    const move = await s.app.inject({ method: 'PATCH', url: `/v1/venues/${venue}`, headers: bearer(admin), payload: { name: 'Hoa Sen 2', province: 'Đà Nẵng', district: '', ward: 'Sơn Trà' } });
    expect(move.statusCode, move.body).toBe(200);
    expect([move.json().name, move.json().province, move.json().district, move.json().ward]).toEqual(['Hoa Sen 2', 'Đà Nẵng', '', 'Sơn Trà']);
    const refused = await s.app.inject({ method: 'PATCH', url: `/v1/venues/${venue}`, headers: bearer(admin), payload: { ward: 'Hàng Bạc' } });
    expect(refused.json().error.code).toBe('area_unknown');
    const empty = await s.app.inject({ method: 'PATCH', url: `/v1/venues/${venue}`, headers: bearer(admin), payload: {} });
    expect(empty.statusCode).toBe(400);
    const after = await s.app.services.venues.get(venue);
    expect([after?.name, after?.ward]).toEqual(['Hoa Sen 2', 'Sơn Trà']);
    expect((await s.app.services.audit.list(10, undefined, { action: 'venue.' })).map((a) => a.action)).toContain('venue.update');
  });

  it('treats a province typed in NFD as the same province (users and filters)', async () => {
    const created = await s.app.inject({ method: 'POST', url: '/v1/users', headers: bearer(admin), payload: { username: 'ho-nfd', password: 'long-enough-pw', role: 'health_official', province: HANOI_NFD } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().province).toBe('Hà Nội');
    const token = (await s.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'ho-nfd', password: 'long-enough-pw' } })).json().token as string;
    const r = await s.app.inject({ method: 'GET', url: `/v1/exposures?province=${encodeURIComponent(HANOI_NFD)}`, headers: bearer(token) });
    expect(r.statusCode, r.body).toBe(200);
  });
});
