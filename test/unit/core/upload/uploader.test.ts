import { describe, expect, it } from 'vitest';
import type { BatchAck, EnrollRequest, EnrollResponse, Heartbeat, KioskBatch, KioskNotice } from '../../../../shared/api/kiosk-upload.js';
import type { KioskReportRequest } from '../../../../shared/api/report-api.js';
import { KeyServerError, type KeyServerClient } from '../../../../src-main/core/upload/key-server-client.js';
import { Uploader, retryDelayMs, type UploadStore } from '../../../../src-main/core/upload/uploader.js';

const heartbeat = (): Heartbeat => ({ version: 't', radio_state: 'scanning', clock_synced: true, queue_depth: 0, free_disk_mb: 100, sent_at: 0 });

function batch(id: string, encounters = 1): KioskBatch {
  return {
    batch_id: id,
    created_at: 0,
    encounters: Array.from({ length: encounters }, () => ({
      visitor_id: 'B9A665D754FE65E665D76A45',
      protocol: 'bluezone_android' as const,
      slot: 1,
      first_seen_min: 1,
      last_seen_min: 2,
      distance: 'near' as const,
      checked_in: false,
    })),
    slot_keys: [],
    attendance: [],
    heartbeat: heartbeat(),
  };
}

/** In-memory double of the store's outbox, with the same ordering and retry rules. */
class MemoryUploadStore implements UploadStore {
  readonly kv = new Map<string, string>();
  readonly rows: { batchId: string; body: KioskBatch; attempts: number; due: number }[] = [];
  readonly failures: string[] = [];
  toSeal: KioskBatch[] = [];
  settings = {
    get: (k: string) => this.kv.get(k),
    set: (k: string, v: string) => void this.kv.set(k, v),
    delete: (k: string) => void this.kv.delete(k),
  };
  outbox = {
    next: (now: number) => this.rows.find((r) => r.due <= now),
    ack: (id: string) => {
      const i = this.rows.findIndex((r) => r.batchId === id);
      if (i >= 0) this.rows.splice(i, 1);
    },
    fail: (id: string, error: string, retryAt: number) => {
      const row = this.rows.find((r) => r.batchId === id)!;
      row.attempts += 1;
      row.due = retryAt;
      this.failures.push(error);
    },
    depth: () => this.rows.length,
  };
  sealBatches(): number {
    for (const b of this.toSeal) this.rows.push({ batchId: b.batch_id, body: b, attempts: 0, due: 0 });
    const n = this.toSeal.length;
    this.toSeal = [];
    return n;
  }
}

class FakeClient implements KeyServerClient {
  enrolls: EnrollRequest[] = [];
  sent: KioskBatch[] = [];
  failNext: KeyServerError[] = [];
  notes: KioskNotice[] = [];
  async enroll(req: EnrollRequest): Promise<EnrollResponse> {
    this.enrolls.push(req);
    const f = this.failNext.shift();
    if (f) throw f;
    return { kiosk_id: 'k-1', venue: { id: 'v-1', name: 'Quán', kind: 'restaurant', province: 'Hà Nội', district: 'Hoàn Kiếm', ward: 'Hàng Bạc' } };
  }
  async sendBatch(_kiosk: string, b: KioskBatch): Promise<BatchAck> {
    const f = this.failNext.shift();
    if (f) throw f;
    this.sent.push(b);
    return { batch_id: b.batch_id, duplicate: false, accepted: { encounters: b.encounters.length, slot_keys: 0, attendance: 0 } };
  }
  acks: [string, number][] = [];
  ackFails: KeyServerError | null = null;
  async notices(): Promise<KioskNotice[]> {
    return this.notes;
  }
  async ackNotice(_kiosk: string, id: string, at: number): Promise<number> {
    if (this.ackFails) throw this.ackFails;
    this.acks.push([id, at]);
    this.notes = this.notes.map((n) => (n.id === id ? { ...n, acknowledged_at: at } : n));
    return at;
  }
  requests: KioskReportRequest[] | KeyServerError = [];
  async reportRequests(): Promise<KioskReportRequest[]> {
    if (this.requests instanceof KeyServerError) throw this.requests;
    return this.requests;
  }
}

const deviceKey = { publicKeyRaw: new Uint8Array(32).fill(7), sign: () => new Uint8Array(64) };

function setup(code: string | null = 'CODE-1234') {
  let now = 1_000_000;
  const store = new MemoryUploadStore();
  const client = new FakeClient();
  const uploader = new Uploader({
    store,
    client,
    deviceKey,
    now: () => now,
    heartbeat,
    enrollmentCode: code,
    version: '1.0.0',
    intervalMs: 1000,
  });
  return { store, client, uploader, advance: (ms: number) => (now += ms), now: () => now };
}

describe('Uploader', () => {
  it('enrolls once with the code and the raw public key, then sends sealed batches in order', async () => {
    const { store, client, uploader } = setup();
    store.toSeal = [batch('00000000-0000-4000-8000-000000000001'), batch('00000000-0000-4000-8000-000000000002')];
    await uploader.runOnce();
    expect(client.enrolls).toEqual([{ code: 'CODE-1234', public_key: Buffer.alloc(32, 7).toString('base64'), version: '1.0.0' }]);
    expect(client.sent.map((b) => b.batch_id)).toEqual(['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002']);
    expect(store.outbox.depth()).toBe(0);
    expect(uploader.status()).toMatchObject({ enrolled: true, kioskId: 'k-1', lastError: null, venue: { name: 'Quán' } });
    await uploader.runOnce();
    expect(client.enrolls).toHaveLength(1);
  });

  it('keeps a batch with its id when the server is unreachable and resends the same id later', async () => {
    const { store, client, uploader, advance } = setup();
    await uploader.runOnce();
    store.toSeal = [batch('00000000-0000-4000-8000-00000000000a')];
    client.failNext = [new KeyServerError('server_unreachable', 'ECONNREFUSED', true)];
    await uploader.runOnce();
    expect(store.outbox.depth()).toBe(1);
    expect(store.failures[0]).toMatch(/server_unreachable/);
    expect(uploader.status().failingSince).not.toBeNull();
    advance(16 * 60_000);
    await uploader.runOnce();
    expect(client.sent.map((b) => b.batch_id)).toContain('00000000-0000-4000-8000-00000000000a');
    expect(store.outbox.depth()).toBe(0);
    expect(uploader.status().failingSince).toBeNull();
  });

  it('does not enroll without a code and reports not_enrolled', async () => {
    const { client, uploader } = setup(null);
    await uploader.runOnce();
    expect(client.enrolls).toHaveLength(0);
    expect(uploader.status()).toMatchObject({ enrolled: false, lastError: 'not_enrolled' });
  });

  it('reports a rejected enrollment code and stays unenrolled', async () => {
    const { client, uploader } = setup();
    client.failNext = [new KeyServerError('enrollment_code_used', 'code used', false, 400)];
    await uploader.runOnce();
    expect(uploader.status()).toMatchObject({ enrolled: false });
    expect(uploader.status().lastError).toMatch(/enrollment_code_used/);
  });

  it('sends a heartbeat when nothing else was sent, and keeps exposure notices', async () => {
    const { client, uploader, advance } = setup();
    client.notes = [{ id: 'n1', kind: 'exposure', message_vi: 'Có ca F0', message_en: 'F0 case', created_at: 5 }];
    await uploader.runOnce();
    expect(client.sent).toHaveLength(1);
    expect(client.sent[0]!.encounters).toEqual([]);
    await uploader.runOnce();
    expect(client.sent).toHaveLength(1);
    advance(5 * 60_000);
    await uploader.runOnce();
    expect(client.sent).toHaveLength(2);
    expect(uploader.status().notices.map((n) => n.id)).toEqual(['n1']);
  });

  it('keeps the venue’s open report requests until answered or past their deadline; a server without campaigns means none', async () => {
    const { client, uploader, advance, now } = setup();
    const request: KioskReportRequest = { campaign_id: 'c1', title: 'Báo cáo tuần', issuer_unit: 'Phòng VH&TT', period: { kind: 'week', from: '2026-11-16', to: '2026-11-22' }, deadline_at: now() + 3_600_000 };
    client.requests = [request];
    await uploader.runOnce();
    expect(uploader.status().reportRequests).toEqual([request]);
    advance(3_600_000);
    expect(uploader.status().reportRequests).toEqual([]);
    client.requests = new KeyServerError('route_not_found', 'no route', false, 404);
    await uploader.runOnce();
    expect(uploader.status()).toMatchObject({ reportRequests: [], lastError: null });
    client.requests = new KeyServerError('server_unreachable', 'down', true);
    await uploader.runOnce();
    expect(uploader.status().lastError).toMatch(/server_unreachable/);
  });

  it('forgets an enrollment the server no longer knows, keeps the outbox, and re-enrolls', async () => {
    const { store, client, uploader, advance } = setup();
    await uploader.runOnce();
    store.toSeal = [batch('00000000-0000-4000-8000-0000000000b1')];
    client.failNext = [new KeyServerError('unknown_kiosk', 'this kiosk is not enrolled', false, 401)];
    await uploader.runOnce();
    expect(uploader.status().enrolled).toBe(false);
    expect(store.outbox.depth()).toBe(1);
    advance(16 * 60_000);
    await uploader.runOnce();
    expect(client.enrolls).toHaveLength(2);
    expect(uploader.status().enrolled).toBe(true);
  });

  it('keeps a batch the server refuses as invalid, waiting the longest backoff, never dropping it', async () => {
    const { store, client, uploader, advance, now } = setup();
    await uploader.runOnce();
    store.toSeal = [batch('00000000-0000-4000-8000-0000000000c1')];
    client.failNext = [new KeyServerError('batch_invalid', 'first minute after last minute', false, 422)];
    await uploader.runOnce();
    expect(store.outbox.depth()).toBe(1);
    expect(store.failures).toEqual(['batch_invalid: first minute after last minute']);
    // The longest backoff, with jitter: between 7.5 and 15 minutes.
    expect(store.rows[0]!.due - now()).toBeGreaterThanOrEqual(7.5 * 60_000);
    advance(5 * 60_000);
    await uploader.runOnce();
    expect(client.sent.map((b) => b.batch_id)).not.toContain('00000000-0000-4000-8000-0000000000c1');
    advance(11 * 60_000);
    await uploader.runOnce();
    expect(client.sent.map((b) => b.batch_id)).toContain('00000000-0000-4000-8000-0000000000c1');
  });

  it('backs off exponentially with jitter, capped at 15 minutes', () => {
    expect(retryDelayMs(0, () => 0)).toBe(2_500);
    expect(retryDelayMs(0, () => 1)).toBe(5_000);
    expect(retryDelayMs(3, () => 1)).toBe(40_000);
    expect(retryDelayMs(50, () => 1)).toBe(15 * 60_000);
  });

  it('sends a staff acknowledgement on the next cycle, keeping it across failures until the server has it', async () => {
    const { client, uploader, now, advance } = setup();
    const notice: KioskNotice = { id: '11111111-1111-4111-8111-111111111111', kind: 'exposure', message_vi: 'vi', message_en: 'en', created_at: 5, first_slot: 10, last_slot: 12 };
    client.notes = [notice];
    await uploader.runOnce();
    expect(uploader.acknowledgeNotice('unknown', now())).toBe(false);
    client.ackFails = new KeyServerError('server_unreachable', 'down', true);
    const at = now();
    expect(uploader.acknowledgeNotice(notice.id, at)).toBe(true);
    await uploader.runOnce();
    expect(client.acks).toEqual([]);
    // Shown as acknowledged at once, even before the server confirms it.
    expect(uploader.status().notices[0]).toMatchObject({ id: notice.id, acknowledged_at: at });
    advance(60_000);
    client.ackFails = null;
    await uploader.runOnce();
    expect(client.acks).toEqual([[notice.id, at]]);
    await uploader.runOnce();
    expect(client.acks).toHaveLength(1);
    expect(uploader.status().notices[0]?.acknowledged_at).toBe(at);
  });

  it('drops an acknowledgement the server no longer has a notice for', async () => {
    const { client, uploader, now } = setup();
    client.notes = [{ id: 'n-2', kind: 'exposure', message_vi: 'vi', message_en: 'en', created_at: 5 }];
    await uploader.runOnce();
    uploader.acknowledgeNotice('n-2', now());
    client.ackFails = new KeyServerError('notice_not_found', 'gone', false, 404);
    await uploader.runOnce();
    client.ackFails = new KeyServerError('server_unreachable', 'down', true);
    await uploader.runOnce();
    expect(uploader.status().lastError).toBeNull();
  });
});
