// Audit log: every read of exposure data by an official and every notification is written
// here (docs/architecture.md §5), so access to health data can be reviewed afterwards.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
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

  /** Newest first (time descending, then id); `after` pages on from a row of the previous page. */
  list(
    limit: number,
    before?: number,
    f: { since?: number | undefined; action?: string | undefined; username?: string | undefined; after?: { at: number; id: string } | undefined } = {},
  ): Promise<AuditLogTable[]> {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (before !== undefined) q = q.where('at', '<', before);
    const after = f.after;
    if (after) q = q.where((eb) => eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '>', after.id)])]));
    if (f.since !== undefined) q = q.where('at', '>=', f.since);
    if (f.username !== undefined) q = q.where('username', '=', f.username);
    if (f.action !== undefined) {
      // A prefix "exposure." selects a family; substr, not LIKE, so '_' is not a wildcard.
      const prefix = f.action;
      q = prefix.endsWith('.') ? q.where(sql<string>`substr(action, 1, ${prefix.length})`, '=', prefix) : q.where('action', '=', prefix);
    }
    return q.orderBy('at', 'desc').orderBy('id').limit(limit).execute();
  }
}
