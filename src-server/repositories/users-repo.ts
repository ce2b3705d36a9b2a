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
  /** Unix ms when an admin disabled the account; a disabled account has no sessions. */
  readonly disabledAt: number | null;
}

export interface UserChange {
  role?: Role;
  province?: string | null;
  venueIds?: readonly string[];
  disabled?: boolean;
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
        .values({ id, username: u.username, password_hash: u.passwordHash, role: u.role, province: u.province, failed_logins: 0, locked_until: null, created_at: now, disabled_at: null })
        .execute();
      if (u.venueIds.length > 0) {
        await trx.insertInto('user_venues').values(u.venueIds.map((venue_id) => ({ user_id: id, venue_id }))).execute();
      }
    });
    return id;
  }

  /** Replaces the password and ends the user's sessions, except `keepSession` (the caller's own). */
  async setPassword(id: string, passwordHash: string, keepSession?: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ password_hash: passwordHash, failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
      let del = trx.deleteFrom('sessions').where('user_id', '=', id);
      if (keepSession !== undefined) del = del.where('token_hash', '<>', keepSession);
      await del.execute();
    });
  }

  /** Same as setPassword without ending sessions: a stronger hash of the same password (login rehash). */
  async upgradeHash(id: string, oldHash: string, newHash: string): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: newHash }).where('id', '=', id).where('password_hash', '=', oldHash).execute();
  }

  /**
   * Role, scope and disabled state in one transaction. A disabled account's sessions are
   * refused (sessionUser reports it, so the person is told why); enabling it again deletes
   * them, so an old session never comes back to life.
   */
  async update(id: string, c: UserChange, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const set: { role?: string; province?: string | null; disabled_at?: number | null } = {};
      if (c.role !== undefined) set.role = c.role;
      if (c.province !== undefined) set.province = c.province;
      if (c.disabled !== undefined) set.disabled_at = c.disabled ? now : null;
      if (Object.keys(set).length > 0) await trx.updateTable('users').set(set).where('id', '=', id).execute();
      if (c.venueIds !== undefined) {
        await trx.deleteFrom('user_venues').where('user_id', '=', id).execute();
        if (c.venueIds.length > 0) await trx.insertInto('user_venues').values(c.venueIds.map((venue_id) => ({ user_id: id, venue_id }))).execute();
      }
      if (c.disabled === false) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    });
  }

  /** Ends every session of a user; returns how many there were. */
  async endSessions(userId: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  getRow(id: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByUsername(username: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  async principal(id: string): Promise<Principal | undefined> {
    const u = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!u) return undefined;
    const venues = await this.db.selectFrom('user_venues').select('venue_id').where('user_id', '=', id).execute();
    return { id: u.id, username: u.username, role: u.role as Role, province: u.province, venueIds: venues.map((v) => v.venue_id), disabledAt: u.disabled_at };
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
      disabledAt: u.disabled_at,
    }));
  }

  async createSession(tokenHash: string, userId: string, now: number, expiresAt: number): Promise<void> {
    await this.db.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId, created_at: now, expires_at: expiresAt }).execute();
  }

  /** The live session's user, and whether an admin disabled that account (then it is refused). */
  async sessionUser(tokenHash: string, now: number): Promise<{ userId: string; disabled: boolean } | undefined> {
    const s = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.user_id', 'users.disabled_at'])
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.expires_at', '>', now)
      .executeTakeFirst();
    return s ? { userId: s.user_id, disabled: s.disabled_at !== null } : undefined;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }
}
