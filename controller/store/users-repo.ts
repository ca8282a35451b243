import type { Kysely, Selectable } from 'kysely';
import type { Database, UserRole, UsersTable } from './schema.js';

export type UserRow = Selectable<UsersTable>;

/** Dashboard accounts. Hashing happens in controller/auth; this only stores. */
export class UsersRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts a new account; false when the username is taken. */
  async create(username: string, role: UserRole, passwordHash: string, at: number): Promise<boolean> {
    const result = await this.db
      .insertInto('users')
      .values({
        username,
        role,
        password_hash: passwordHash,
        disabled: 0,
        created_at: at,
        password_changed_at: at,
      })
      .onConflict((oc) => oc.column('username').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async get(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  async list(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('username').execute();
  }

  /** Whether an active admin exists: without one the controller serves only the first-run page. */
  async hasAdmin(): Promise<boolean> {
    const row = await this.db
      .selectFrom('users')
      .select('username')
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .executeTakeFirst();
    return row !== undefined;
  }

  async setPassword(username: string, passwordHash: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: at })
      .where('username', '=', username)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async setDisabled(username: string, disabled: boolean): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ disabled: disabled ? 1 : 0 })
      .where('username', '=', username)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async setRole(username: string, role: UserRole): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ role })
      .where('username', '=', username)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
