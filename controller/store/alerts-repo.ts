import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { AlertsTable, Database } from './schema.js';

export type AlertRow = Selectable<AlertsTable>;
export type NewAlertRow = Omit<Insertable<AlertsTable>, 'id'>;

/** Alerts and the per-patient thresholds of their rules. */
export class AlertsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** The alert of this condition that has not cleared, if any. */
  async active(patient: string, key: string): Promise<AlertRow | undefined> {
    return this.db
      .selectFrom('alerts')
      .selectAll()
      .where('patient', '=', patient)
      .where('key', '=', key)
      .where('cleared_at', 'is', null)
      .executeTakeFirst();
  }

  /** Inserts a new alert; undefined when another process opened the same condition first. */
  async open(row: NewAlertRow): Promise<AlertRow | undefined> {
    const inserted = await this.db
      .insertInto('alerts')
      .values(row)
      .onConflict((oc) => oc.columns(['patient', 'key']).where('cleared_at', 'is', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    return inserted;
  }

  async update(id: number, set: Partial<Omit<AlertRow, 'id'>>): Promise<AlertRow | undefined> {
    return this.db.updateTable('alerts').set(set).where('id', '=', id).returningAll().executeTakeFirst();
  }

  /** The condition was found again: counted in the database, so concurrent raises are all counted. */
  async bump(
    id: number,
    set: Pick<AlertRow, 'last_seen_at' | 'message' | 'severity' | 'detail_json'>,
  ): Promise<AlertRow | undefined> {
    return this.db
      .updateTable('alerts')
      .set({ ...set, count: sql<number>`count + 1` })
      .where('id', '=', id)
      .where('cleared_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  async get(id: number): Promise<AlertRow | undefined> {
    return this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Newest first; `patients` undefined means every patient. */
  async list(o: {
    patients?: readonly string[];
    status: 'active' | 'open' | 'acknowledged' | 'cleared' | 'all';
    limit: number;
    openedFrom?: number;
  }): Promise<AlertRow[]> {
    if (o.patients !== undefined && o.patients.length === 0) return [];
    let query = this.db.selectFrom('alerts').selectAll().orderBy('opened_at', 'desc').orderBy('id', 'desc');
    if (o.patients !== undefined) query = query.where('patient', 'in', [...o.patients]);
    if (o.status === 'active') query = query.where('cleared_at', 'is', null);
    else if (o.status !== 'all') query = query.where('status', '=', o.status);
    if (o.openedFrom !== undefined) query = query.where('opened_at', '>=', o.openedFrom);
    return query.limit(o.limit).execute();
  }

  async settings(patient: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('alert_settings')
      .select('settings_json')
      .where('patient', '=', patient)
      .executeTakeFirst();
    return row?.settings_json;
  }

  async setSettings(patient: string, json: string, at: number, by: string): Promise<void> {
    const set = { settings_json: json, updated_at: at, updated_by: by };
    await this.db
      .insertInto('alert_settings')
      .values({ patient, ...set })
      .onConflict((oc) => oc.column('patient').doUpdateSet(set))
      .execute();
  }
}
