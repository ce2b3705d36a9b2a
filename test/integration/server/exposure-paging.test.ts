// Lists page instead of stopping silently (issue 12 item 14): more than 5,000 exposures, every
// one reachable through /v1/exposures' pages exactly once, in a stable order, each page within
// the schema's bounds, and the CSV export holding every row; F0 cases past the old 500 and
// audit entries sharing a millisecond and reporting campaigns the same way. On SQLite and
// PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slotOf } from '../../../shared/domain/slots.js';
import { PAGE_LIMIT_MAX } from '../../../shared/api/server-api.js';
import { BACKENDS } from './helpers/backends.js';
import { bearer, createUser, startTestServer, type TestServer } from './helpers/test-server.js';

const CASES = 6;
const VENUES = 900;
const TOTAL = CASES * VENUES; // 5,400: past the old cap of 5,000
const ROWS_PER_INSERT = 300;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await insert(rows.slice(i, i + ROWS_PER_INSERT));
}

describe.each(BACKENDS)('exposure list paging on %s', (backend) => {
  let s: TestServer;
  let official: string;

  beforeAll(async () => {
    s = await startTestServer(backend);
    official = await createUser(s, 'cdc-paging', 'health_official', { province: 'Hà Nội' });
    const db = s.db.handle.db;
    const now = s.clock.now;
    const base = slotOf(now) - 96;
    const venues = Array.from({ length: VENUES }, (_, v) => ({ id: `venue-${String(v).padStart(4, '0')}`, name: `Quán ${v}`, kind: 'restaurant', province: 'Hà Nội', district: 'Hoàn Kiếm', ward: 'Hàng Bạc', created_at: now }));
    await insertChunked(venues, (c) => db.insertInto('venues').values(c).execute());
    const cases = Array.from({ length: CASES }, (_, c) => ({ id: `case-${c}`, reference: `ref ${c}`, province: 'Hà Nội', from_slot: base - 96, to_slot: base + 96, created_by: 'cdc', created_at: now, updated_at: now }));
    await db.insertInto('f0_cases').values(cases).execute();
    const publication = JSON.stringify({ ranges: [], published_slots: 0, unpublished_slots: 0, missing_key_slots: 1 });
    const exposures = [];
    for (let c = 0; c < CASES; c += 1) {
      for (let v = 0; v < VENUES; v += 1) {
        // Many rows share a first slot, so the order's tie-break (the id) is exercised.
        const first = base + (v % 7);
        exposures.push({ id: `exp-${c}-${String(v).padStart(4, '0')}`, case_id: `case-${c}`, venue_id: venues[v]!.id, province: 'Hà Nội', district: 'Hoàn Kiếm', first_slot: first, last_slot: first + 2, slot_count: 3, distance_rank: 1, dwell_minutes: 30, co_present_devices: 4, source: 'encounters', status: 'new', created_at: now, updated_at: now, publication });
      }
    }
    await insertChunked(exposures, (c) => db.insertInto('exposures').values(c).execute());
  }, 120_000);
  afterAll(async () => s.close());

  /** Follows `next_cursor` from the first page of `path` (limit 500); the ids seen and the pages read. */
  async function pageThrough(path: string, token: string, listKey: string): Promise<{ seen: string[]; pages: number }> {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `${path}${path.includes('?') ? '&' : '?'}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const r = await s.app.inject({ method: 'GET', url, headers: bearer(token) });
      expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
      const body = r.json<Record<string, unknown> & { next_cursor: string | null }>();
      seen.push(...(body[listKey] as { id: string }[]).map((x) => x.id));
      cursor = body.next_cursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    return { seen, pages };
  }

  it('reaches every one of 5,400 exposures once through the pages, newest first, and says when none are left', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let previous: { first: number; id: string } | null = null;
    do {
      const url: string = `/v1/exposures?limit=${PAGE_LIMIT_MAX}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const r = await s.app.inject({ method: 'GET', url, headers: bearer(official) });
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json<{ exposures: { id: string; first_slot: number }[]; next_cursor: string | null }>();
      expect(body.exposures.length).toBeLessThanOrEqual(PAGE_LIMIT_MAX);
      for (const e of body.exposures) {
        const first = e.first_slot;
        if (previous) expect(first < previous.first || (first === previous.first && e.id > previous.id), `${e.id} after ${previous.id}`).toBe(true);
        previous = { first, id: e.id };
        seen.push(e.id);
      }
      cursor = body.next_cursor;
      pages += 1;
      if (cursor !== null) expect(body.exposures.length).toBe(PAGE_LIMIT_MAX);
    } while (cursor !== null && pages < 100);
    expect(seen.length).toBe(TOTAL);
    expect(new Set(seen).size).toBe(TOTAL);
    expect(pages).toBe(Math.ceil(TOTAL / PAGE_LIMIT_MAX));
  }, 120_000);

  it('pages a filtered list with the default page size', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/v1/exposures?status=new', headers: bearer(official) });
    const body = r.json<{ exposures: unknown[]; next_cursor: string | null }>();
    expect(body.exposures.length).toBe(100);
    expect(body.next_cursor).not.toBeNull();
  });

  it('exports every one of the 5,400 exposures in the CSV, each once', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/v1/exposures/export.csv', headers: bearer(official) });
    expect(r.statusCode).toBe(200);
    const lines = r.body.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^exposure_id,/);
    const ids = lines.slice(1).map((l) => l.split(',')[0]);
    expect(ids.length).toBe(TOTAL);
    expect(new Set(ids).size).toBe(TOTAL);
  }, 120_000);

  it('refuses page sizes and cursors outside the schema with 400', async () => {
    for (const q of ['limit=0', `limit=${PAGE_LIMIT_MAX + 1}`, 'limit=1e3', 'cursor=nonsense', 'cursor=1~a%00b', `cursor=${'9'.repeat(11)}~x`, `cursor=${'9'.repeat(16)}~x`]) {
      const r = await s.app.inject({ method: 'GET', url: `/v1/exposures?${q}`, headers: bearer(official) });
      expect(r.statusCode, `${q}: ${r.body.slice(0, 200)}`).toBe(400);
      expect(r.json().error.code).toBe('invalid_request');
    }
  });

  it('reaches every one of 1,200 F0 cases once through the pages (the list stopped at 500)', async () => {
    const now = s.clock.now;
    const more = Array.from({ length: 1_200 - CASES }, (_, c) => ({ id: `case-more-${String(c).padStart(4, '0')}`, reference: `more ${c}`, province: 'Hà Nội', from_slot: 1, to_slot: 2, created_by: 'cdc', created_at: now - (c % 3), updated_at: now }));
    await insertChunked(more, (c) => s.db.handle.db.insertInto('f0_cases').values(c).execute());
    const { seen, pages } = await pageThrough('/v1/f0-cases', official, 'cases');
    expect(pages).toBe(3);
    expect(seen.length).toBe(1_200);
    expect(new Set(seen).size).toBe(1_200);
    const bad = await s.app.inject({ method: 'GET', url: '/v1/f0-cases?limit=501', headers: bearer(official) });
    expect(bad.statusCode).toBe(400);
  }, 120_000);

  it('pages the audit log without skipping entries that share a millisecond', async () => {
    const admin = await createUser(s, 'boss-paging', 'admin');
    const at = s.clock.now - 1_000;
    const entries = Array.from({ length: 1_200 }, (_, n) => ({ id: `audit-${String(n).padStart(5, '0')}`, at: at - (n % 2), user_id: 'u', username: 'paging', action: 'paging.test', target: 't', detail: '{}' }));
    await insertChunked(entries, (c) => s.db.handle.db.insertInto('audit_log').values(c).execute());
    const { seen, pages } = await pageThrough('/v1/audit?action=paging.test', admin, 'entries');
    expect(pages).toBe(3);
    expect(seen.length).toBe(1_200);
    expect(new Set(seen).size).toBe(1_200);
  }, 120_000);

  it('reaches every one of 1,200 reporting campaigns once through the pages (the list stopped at 500)', async () => {
    const ict = await createUser(s, 'ict-paging', 'ict_officer', { province: 'Hà Nội' });
    const now = s.clock.now;
    const campaigns = Array.from({ length: 1_200 }, (_, n) => ({
      id: `camp-${String(n).padStart(5, '0')}`, title: `Báo cáo ${n}`, level: 'province', province: 'Hà Nội', district: null, ward: null, venue_kinds: '',
      period_kind: 'month', period_from: '2026-10-01', period_to: '2026-10-31', deadline_at: now + 86_400_000, issuer_unit: 'Sở', document_number: `${n}/BC`, created_by: 'ict', created_at: now - (n % 4),
    }));
    await insertChunked(campaigns, (c) => s.db.handle.db.insertInto('report_campaigns').values(c).execute());
    const { seen, pages } = await pageThrough('/v1/report-campaigns', ict, 'campaigns');
    expect(pages).toBe(3);
    expect(seen.length).toBe(1_200);
    expect(new Set(seen).size).toBe(1_200);
  }, 120_000);
});
