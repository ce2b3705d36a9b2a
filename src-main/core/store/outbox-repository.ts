// Outbox of sealed upload batches. A batch stays here, byte-for-byte the same, until the
// server acknowledges it, so a crash between sending and acking re-sends the same
// batch_id (the server stores it once) and nothing is ever sealed twice.
import type { Database, Statement } from 'better-sqlite3';
import type { KioskBatch } from '../../../shared/api/kiosk-upload.js';
import { StoreError } from './store-error.js';

export interface OutboxEntry {
  readonly batchId: string;
  readonly body: KioskBatch;
  readonly attempts: number;
}

export interface Outbox {
  /** The oldest batch due at `now`, or undefined. */
  next(now: number): OutboxEntry | undefined;
  /** The server stored the batch: remove it. */
  ack(batchId: string): void;
  /** The upload failed: count the attempt and retry at `retryAt`. */
  fail(batchId: string, error: string, retryAt: number): void;
  depth(): number;
}

const MAX_ERROR_CHARS = 500;

export class OutboxRepository implements Outbox {
  private readonly insertStmt: Statement<[string, string, number, number]>;
  private readonly nextStmt: Statement<[number], { batch_id: string; body: string; attempts: number }>;
  private readonly ackStmt: Statement<[string]>;
  private readonly failStmt: Statement<[string, number, string]>;
  private readonly depthStmt: Statement<[], { n: number }>;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO outbox (batch_id, seq, body, created_at, next_attempt_at)
       VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox), ?, ?, ?)`,
    );
    this.nextStmt = db.prepare(
      'SELECT batch_id, body, attempts FROM outbox WHERE next_attempt_at <= ? ORDER BY seq LIMIT 1',
    );
    this.ackStmt = db.prepare('DELETE FROM outbox WHERE batch_id = ?');
    this.failStmt = db.prepare(
      'UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE batch_id = ?',
    );
    this.depthStmt = db.prepare('SELECT COUNT(*) AS n FROM outbox');
  }

  /** Inside the sealing transaction only. */
  insert(batch: KioskBatch, now: number): void {
    this.insertStmt.run(batch.batch_id, JSON.stringify(batch), now, now);
  }

  next(now: number): OutboxEntry | undefined {
    const row = this.nextStmt.get(now);
    if (!row) return undefined;
    return { batchId: row.batch_id, body: JSON.parse(row.body) as KioskBatch, attempts: row.attempts };
  }

  ack(batchId: string): void {
    this.ackStmt.run(batchId);
  }

  fail(batchId: string, error: string, retryAt: number): void {
    if (!Number.isFinite(retryAt)) throw new StoreError('invalid_argument', 'retryAt must be a time', { batchId });
    this.failStmt.run(String(error).slice(0, MAX_ERROR_CHARS), Math.round(retryAt), batchId);
  }

  depth(): number {
    return this.depthStmt.get()?.n ?? 0;
  }
}
