// Users, their venue scope, sessions and login lockout.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UsersTable } from '../db/schema.js';
import type { Role } from '../../shared/api/server-api.js';

export interface Principal {
  readonly id: string;
  readonly username: string;
  readonly role: Role;
  readonly province: string | null;
  readonly venueIds: readonly string[];
}

export interface NewUser {
  username: string;
  passwordHash: string;
  role: Role;
  province: string | null;
  venueIds: readonly string[];
}

export class UsersRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(u: NewUser, now: number): Promise<string> {
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({ id, username: u.username, password_hash: u.passwordHash, role: u.role, province: u.province, failed_logins: 0, locked_until: null, created_at: now })
        .execute();
      if (u.venueIds.length > 0) {
        await trx.insertInto('user_venues').values(u.venueIds.map((venue_id) => ({ user_id: id, venue_id }))).execute();
      }
    });
    return id;
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash, failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
  }

  findByUsername(username: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  async principal(id: string): Promise<Principal | undefined> {
    const u = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!u) return undefined;
    const venues = await this.db.selectFrom('user_venues').select('venue_id').where('user_id', '=', id).execute();
    return { id: u.id, username: u.username, role: u.role as Role, province: u.province, venueIds: venues.map((v) => v.venue_id) };
  }

  async list(): Promise<Principal[]> {
    const users = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
    const links = await this.db.selectFrom('user_venues').selectAll().execute();
    return users.map((u) => ({
      id: u.id,
      username: u.username,
      role: u.role as Role,
      province: u.province,
      venueIds: links.filter((l) => l.user_id === u.id).map((l) => l.venue_id),
    }));
  }

  /** Counts a failed login; locks the account for `lockMs` once `maxFailures` is reached. */
  async recordFailure(id: string, now: number, maxFailures: number, lockMs: number): Promise<boolean> {
    const u = await this.db.selectFrom('users').select('failed_logins').where('id', '=', id).executeTakeFirstOrThrow();
    const failures = u.failed_logins + 1;
    const locked = failures >= maxFailures;
    await this.db
      .updateTable('users')
      .set({ failed_logins: locked ? 0 : failures, locked_until: locked ? now + lockMs : null })
      .where('id', '=', id)
      .execute();
    return locked;
  }

  async recordSuccess(id: string): Promise<void> {
    await this.db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
  }

  async createSession(tokenHash: string, userId: string, now: number, expiresAt: number): Promise<void> {
    await this.db.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId, created_at: now, expires_at: expiresAt }).execute();
  }

  async sessionUser(tokenHash: string, now: number): Promise<string | undefined> {
    const s = await this.db
      .selectFrom('sessions')
      .select('user_id')
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return s?.user_id;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }
}
