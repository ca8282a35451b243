import type { Kysely } from 'kysely';
import { generateSecret, hashPassword, verifyPassword } from '../broker/passwords.js';
import type { Database, MqttAccountsTable } from './schema.js';

export type MqttRole = MqttAccountsTable['role'];

/** MQTT logins the embedded broker accepts: a unit's username is its unit id. */
export class AccountsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates (or replaces) the login and returns its new password, shown once. */
  async issue(username: string, role: MqttRole, at: number): Promise<string> {
    const password = generateSecret();
    const password_hash = await hashPassword(password);
    await this.db
      .insertInto('mqtt_accounts')
      .values({ username, role, password_hash, created_at: at })
      .onConflict((oc) => oc.column('username').doUpdateSet({ role, password_hash, created_at: at }))
      .execute();
    return password;
  }

  /** The role of a valid login, or undefined. */
  async verify(username: string, password: string): Promise<MqttRole | undefined> {
    return (await this.login(username, password))?.role;
  }

  /**
   * A valid login's role and credential stamp (its hash: it changes when the password is rotated),
   * or undefined.
   */
  async login(username: string, password: string): Promise<{ role: MqttRole; stamp: string } | undefined> {
    const row = await this.db
      .selectFrom('mqtt_accounts')
      .select(['role', 'password_hash'])
      .where('username', '=', username)
      .executeTakeFirst();
    if (!row) return undefined;
    return (await verifyPassword(password, row.password_hash))
      ? { role: row.role, stamp: row.password_hash }
      : undefined;
  }

  /** Deletes a login; true when there was one. */
  async revoke(username: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('mqtt_accounts')
      .where('username', '=', username)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** The current credential stamp of each of these logins (absent: revoked). */
  async stamps(usernames: string[]): Promise<Map<string, string>> {
    if (usernames.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('mqtt_accounts')
      .select(['username', 'password_hash'])
      .where('username', 'in', usernames)
      .execute();
    return new Map(rows.map((r) => [r.username, r.password_hash]));
  }

  async list(): Promise<{ username: string; role: MqttRole; created_at: number }[]> {
    return this.db
      .selectFrom('mqtt_accounts')
      .select(['username', 'role', 'created_at'])
      .orderBy('username')
      .execute();
  }
}
