// Notices queued for a venue's kiosks ("notify venue"), fetched on their next sync.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, NoticesTable } from '../db/schema.js';

export class NoticesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(n: Omit<NoticesTable, 'id'>): Promise<string> {
    const id = randomUUID();
    await this.db.insertInto('notices').values({ id, ...n }).execute();
    return id;
  }

  forVenue(venueId: string, sinceMs: number): Promise<NoticesTable[]> {
    return this.db.selectFrom('notices').selectAll().where('venue_id', '=', venueId).where('created_at', '>=', sinceMs).orderBy('created_at').execute();
  }
}
