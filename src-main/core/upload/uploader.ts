// Moves sealed batches from the kiosk's outbox to the key server. The outbox is durable and
// each batch keeps its id across retries, so a kiosk offline for days catches up later and
// the server, idempotent by batch id, never counts anything twice.
import type { EnrollResponse, Heartbeat, KioskBatch, KioskNotice } from '../../../shared/api/kiosk-upload.js';
import type { LeveledLogFn } from '../log/logger.js';
import type { DeviceKey } from './device-key.js';
import type { KioskReportRequest } from '../../../shared/api/report-api.js';
import { KeyServerError, type KeyServerClient } from './key-server-client.js';

export interface UploadStore {
  settings: { get(key: string): string | undefined; set(key: string, value: string): void; delete(key: string): void };
  outbox: {
    next(now: number): { batchId: string; body: KioskBatch; attempts: number } | undefined;
    ack(batchId: string): void;
    fail(batchId: string, error: string, retryAt: number): void;
    depth(): number;
  };
  sealBatches(now: number, heartbeat: Heartbeat): number;
}

export type EnrolledVenue = EnrollResponse['venue'];

export interface UploaderStatus {
  enrolled: boolean;
  kioskId: string | null;
  venue: EnrolledVenue | null;
  queueDepth: number;
  lastSuccessAt: number | null;
  lastError: string | null;
  /** Time of the first failure in the current run of failures; null when healthy. */
  failingSince: number | null;
  notices: KioskNotice[];
  /** Report requests the venue has not answered yet, as of the last successful sync. */
  reportRequests: KioskReportRequest[];
}

export interface UploaderOptions {
  store: UploadStore;
  client: KeyServerClient | null;
  deviceKey: DeviceKey;
  now: () => number;
  heartbeat: () => Heartbeat;
  enrollmentCode: string | null;
  version: string;
  intervalMs: number;
  /** A heartbeat-only batch is sent when nothing else was sent for this long. */
  heartbeatEveryMs?: number;
  maxBatchesPerRun?: number;
  log?: LeveledLogFn;
}

const SETTINGS = { kioskId: 'kiosk_id', venue: 'venue', notices: 'notices', noticeAcks: 'notice_acks', reportRequests: 'report_requests' } as const;
const MAX_BACKOFF_MS = 15 * 60_000;

/** Exponential backoff with full jitter, so a fleet coming back online does not stampede. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, 5_000 * 2 ** Math.min(attempts, 20));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class Uploader {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastSuccessAt: number | null = null;
  private lastSentAt = 0;
  private lastError: string | null = null;
  private failingSince: number | null = null;

  constructor(private readonly o: UploaderOptions) {}

  /** Acknowledgements made on this kiosk that the server has not confirmed yet (id -> time). */
  private pendingAcks(): Record<string, number> {
    const json = this.o.store.settings.get(SETTINGS.noticeAcks);
    return json ? (JSON.parse(json) as Record<string, number>) : {};
  }

  private storedNotices(): KioskNotice[] {
    const json = this.o.store.settings.get(SETTINGS.notices);
    return json ? (JSON.parse(json) as KioskNotice[]) : [];
  }

  /**
   * Staff acknowledged a notice on this kiosk. Kept durably and sent on the next cycle (at
   * once if online), so an acknowledgement made offline still reaches the officials.
   * Returns false for a notice this kiosk does not hold.
   */
  acknowledgeNotice(noticeId: string, at: number): boolean {
    const notice = this.storedNotices().find((n) => n.id === noticeId);
    if (!notice) return false;
    if (notice.acknowledged_at === undefined) {
      const pending = this.pendingAcks();
      pending[noticeId] ??= at;
      this.o.store.settings.set(SETTINGS.noticeAcks, JSON.stringify(pending));
      if (this.o.client && !this.stopped) void this.runOnce();
    }
    return true;
  }

  status(): UploaderStatus {
    const venueJson = this.o.store.settings.get(SETTINGS.venue);
    const pending = this.pendingAcks();
    const requestsJson = this.o.store.settings.get(SETTINGS.reportRequests);
    return {
      enrolled: this.kioskId() !== null,
      kioskId: this.kioskId(),
      venue: venueJson ? (JSON.parse(venueJson) as EnrolledVenue) : null,
      queueDepth: this.o.store.outbox.depth(),
      lastSuccessAt: this.lastSuccessAt,
      lastError: this.lastError,
      failingSince: this.failingSince,
      notices: this.storedNotices().map((n) => (n.acknowledged_at === undefined && pending[n.id] !== undefined ? { ...n, acknowledged_at: pending[n.id]! } : n)),
      // A request whose deadline passed is no longer actionable, even before the next sync.
      reportRequests: requestsJson ? (JSON.parse(requestsJson) as KioskReportRequest[]).filter((r) => r.deadline_at > this.o.now()) : [],
    };
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One upload cycle; concurrent calls share the cycle in progress. */
  runOnce(): Promise<void> {
    if (!this.running) {
      this.running = this.cycle().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runOnce().finally(() => this.schedule(this.o.intervalMs));
    }, delay);
    this.timer.unref();
  }

  private kioskId(): string | null {
    return this.o.store.settings.get(SETTINGS.kioskId) ?? null;
  }

  private async cycle(): Promise<void> {
    const { client } = this.o;
    if (!client) return;
    try {
      if (!(await this.ensureEnrolled(client))) return;
      const kioskId = this.kioskId()!;
      const now = this.o.now();
      this.o.store.sealBatches(now, this.o.heartbeat());
      const sent = await this.drainOutbox(client, kioskId);
      if (sent === 0 && this.o.now() - this.lastSentAt >= (this.o.heartbeatEveryMs ?? 5 * 60_000)) {
        await this.sendHeartbeat(client, kioskId);
      }
      await this.sendAcks(client, kioskId);
      await this.refreshNotices(client, kioskId);
      this.succeeded();
    } catch (err) {
      this.failed(err);
    }
  }

  private async ensureEnrolled(client: KeyServerClient): Promise<boolean> {
    if (this.kioskId() !== null) return true;
    if (!this.o.enrollmentCode) {
      this.lastError = 'not_enrolled';
      return false;
    }
    const res = await client.enroll({
      code: this.o.enrollmentCode,
      public_key: Buffer.from(this.o.deviceKey.publicKeyRaw).toString('base64'),
      version: this.o.version,
    });
    this.o.store.settings.set(SETTINGS.venue, JSON.stringify(res.venue));
    this.o.store.settings.set(SETTINGS.kioskId, res.kiosk_id);
    this.o.log?.('enrolled', { venue: res.venue.name });
    return true;
  }

  private async drainOutbox(client: KeyServerClient, kioskId: string): Promise<number> {
    let sent = 0;
    const max = this.o.maxBatchesPerRun ?? 50;
    while (sent < max && !this.stopped) {
      const item = this.o.store.outbox.next(this.o.now());
      if (!item) break;
      try {
        const ack = await client.sendBatch(kioskId, item.body);
        this.o.store.outbox.ack(item.batchId);
        this.lastSentAt = this.o.now();
        sent += 1;
        this.o.log?.('batch_sent', { encounters: item.body.encounters.length, duplicate: ack.duplicate });
      } catch (err) {
        const message = err instanceof KeyServerError ? `${err.code}: ${err.message}` : String(err);
        // A permanently rejected batch waits the longest backoff and stays visible to staff;
        // it is never dropped, since it holds data the server does not have.
        const attempts = err instanceof KeyServerError && !err.retryable ? 20 : item.attempts + 1;
        this.o.store.outbox.fail(item.batchId, message, this.o.now() + retryDelayMs(attempts));
        throw err;
      }
    }
    return sent;
  }

  private async sendHeartbeat(client: KeyServerClient, kioskId: string): Promise<void> {
    const now = this.o.now();
    await client.sendBatch(kioskId, {
      batch_id: crypto.randomUUID(),
      created_at: now,
      encounters: [],
      slot_keys: [],
      attendance: [],
      heartbeat: this.o.heartbeat(),
    });
    this.lastSentAt = now;
  }

  private async sendAcks(client: KeyServerClient, kioskId: string): Promise<void> {
    for (const [id, at] of Object.entries(this.pendingAcks())) {
      try {
        await client.ackNotice(kioskId, id, at);
      } catch (err) {
        // The notice no longer exists on the server (retention): nothing left to acknowledge.
        if (!(err instanceof KeyServerError && err.code === 'notice_not_found')) throw err;
      }
      const left = this.pendingAcks();
      delete left[id];
      this.o.store.settings.set(SETTINGS.noticeAcks, JSON.stringify(left));
      this.o.log?.('notice_acknowledged', {});
    }
  }

  private async refreshNotices(client: KeyServerClient, kioskId: string): Promise<void> {
    const notices = await client.notices(kioskId);
    this.o.store.settings.set(SETTINGS.notices, JSON.stringify(notices));
    let requests: KioskReportRequest[];
    try {
      requests = await client.reportRequests(kioskId);
    } catch (err) {
      // A key server without reporting campaigns has no such route: nothing to remind.
      if (!(err instanceof KeyServerError && err.code === 'route_not_found')) throw err;
      requests = [];
    }
    this.o.store.settings.set(SETTINGS.reportRequests, JSON.stringify(requests));
  }

  private succeeded(): void {
    this.lastSuccessAt = this.o.now();
    this.lastError = null;
    this.failingSince = null;
  }

  private failed(err: unknown): void {
    const code = err instanceof KeyServerError ? err.code : 'upload_error';
    if (code === 'unknown_kiosk') {
      // The server no longer knows this kiosk (its database was reset, or the kiosk was
      // revoked): forget the enrollment so a new code can enroll it again. The outbox is
      // kept, so what was recorded is still delivered after re-enrollment.
      this.o.store.settings.delete(SETTINGS.kioskId);
    }
    this.lastError = err instanceof Error ? `${code}: ${err.message}` : code;
    this.failingSince ??= this.o.now();
    this.o.log?.('upload_failed', { code, message: err instanceof Error ? err.message : String(err) }, 'warn');
  }
}
