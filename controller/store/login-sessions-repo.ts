import type { Kysely, Selectable } from 'kysely';
import type { Database, LoginSessionsTable, UserRole } from './schema.js';

export type LoginSessionRow = Selectable<LoginSessionsTable>;
export type ActiveSession = LoginSessionRow & { role: UserRole; disabled: number };

/**
 * Server-side login sessions and the failed-login ledger. Both live in the database so that
 * several controller processes agree on who is signed in and who is locked out.
 */
export class LoginSessionsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(row: LoginSessionRow): Promise<void> {
    await this.db.insertInto('login_sessions').values(row).execute();
  }

  /** The session with its user's current role and state, in one query (the policy hook's hot path). */
  async find(tokenHash: string): Promise<ActiveSession | undefined> {
    return this.db
      .selectFrom('login_sessions')
      .innerJoin('users', 'users.username', 'login_sessions.username')
      .selectAll('login_sessions')
      .select(['users.role', 'users.disabled'])
      .where('login_sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  async touch(tokenHash: string, at: number): Promise<void> {
    await this.db
      .updateTable('login_sessions')
      .set({ last_seen_at: at })
      .where('token_hash', '=', tokenHash)
      .execute();
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('login_sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** Ends every session of a user (disabled, password reset). */
  async deleteForUser(username: string): Promise<void> {
    await this.db.deleteFrom('login_sessions').where('username', '=', username).execute();
  }

  async deleteForUserExcept(username: string, tokenHash: string): Promise<void> {
    await this.db
      .deleteFrom('login_sessions')
      .where('username', '=', username)
      .where('token_hash', '!=', tokenHash)
      .execute();
  }

  async recordFailure(keys: string[], at: number, attempt: string): Promise<void> {
    await this.db
      .insertInto('login_failures')
      .values(keys.map((key) => ({ key, at, attempt })))
      .execute();
  }

  /** Takes back the rows of one attempt (it succeeded). */
  async deleteAttempt(attempt: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('attempt', '=', attempt).execute();
  }

  /** The most failures any of `keys` has had since `since`. */
  async maxFailuresSince(keys: string[], since: number): Promise<number> {
    const rows = await this.db
      .selectFrom('login_failures')
      .select(['key', (eb) => eb.fn.countAll<number>().as('n')])
      .where('key', 'in', keys)
      .where('at', '>=', since)
      .groupBy('key')
      .execute();
    return Math.max(0, ...rows.map((r) => Number(r.n)));
  }

  async clearFailures(key: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('key', '=', key).execute();
  }

  /** Drops what no longer counts: sessions idle since `idleBefore` or older than `createdBefore`, old failures. */
  async prune(idleBefore: number, createdBefore: number, failuresBefore: number): Promise<void> {
    await this.db
      .deleteFrom('login_sessions')
      .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]))
      .execute();
    await this.db.deleteFrom('login_failures').where('at', '<', failuresBefore).execute();
  }
}
