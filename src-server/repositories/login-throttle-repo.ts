// Failed-login throttling. Each attempt reserves a slot *before* the password is checked, in
// one atomic upsert, so a burst of parallel guesses cannot all read "4 failures" and proceed:
// the sixth reservation in a window sees 6 and is refused without hashing anything. A
// success clears the key; nothing ever writes back a count it read, so a concurrent failure
// can never clear a lock.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export class LoginThrottleRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Counts one attempt under `key`; returns the attempts in the current window, this one included. */
  async reserve(key: string, now: number, windowMs: number): Promise<number> {
    const until = now + windowMs;
    const row = await this.db
      .insertInto('login_throttle')
      .values({ throttle_key: key, attempts: 1, window_until: until })
      .onConflict((oc) =>
        oc.column('throttle_key').doUpdateSet({
          attempts: sql<number>`CASE WHEN login_throttle.window_until <= ${now} THEN 1 ELSE login_throttle.attempts + 1 END`,
          window_until: sql<number>`CASE WHEN login_throttle.window_until <= ${now} THEN ${until} ELSE login_throttle.window_until END`,
        }),
      )
      .returning('attempts')
      .executeTakeFirstOrThrow();
    return Number(row.attempts);
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('throttle_key', '=', key).execute();
  }

  async purge(now: number): Promise<number> {
    const r = await this.db.deleteFrom('login_throttle').where('window_until', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
