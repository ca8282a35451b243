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
    const row = await this.db
      .selectFrom('mqtt_accounts')
      .select(['role', 'password_hash'])
      .where('username', '=', username)
      .executeTakeFirst();
    if (!row) return undefined;
    return (await verifyPassword(password, row.password_hash)) ? row.role : undefined;
  }
}
