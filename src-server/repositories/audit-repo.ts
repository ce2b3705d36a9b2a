// Audit log: every read of exposure data by an official and every notification is written
// here (docs/architecture.md §5), so access to health data can be reviewed afterwards.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.js';

export interface AuditActor {
  readonly id: string;
  readonly username: string;
}

export class AuditRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async write(actor: AuditActor, action: string, target: string, detail: Record<string, unknown>, now: number): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({ id: randomUUID(), at: now, user_id: actor.id, username: actor.username, action, target, detail: JSON.stringify(detail) })
      .execute();
  }

  list(limit: number, before?: number): Promise<AuditLogTable[]> {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (before !== undefined) q = q.where('at', '<', before);
    return q.orderBy('at', 'desc').orderBy('id').limit(limit).execute();
  }
}
