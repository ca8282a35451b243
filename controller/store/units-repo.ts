import type { Kysely, Selectable } from 'kysely';
import type { Database, UnitsTable } from './schema.js';

export type UnitRow = Selectable<UnitsTable>;

/** What the controller knows about each unit: presence, retained `info` and the latest `state`. */
export class UnitsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Runs `work` with a repo bound to one transaction. */
  async transaction<T>(work: (repo: UnitsRepo) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new UnitsRepo(trx)));
  }

  async recordStatus(unit: string, online: boolean, at: number): Promise<void> {
    await this.db
      .insertInto('units')
      .values({
        id: unit,
        first_seen_at: at,
        last_seen_at: at,
        online: online ? 1 : 0,
        status_changed_at: at,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ online: online ? 1 : 0, status_changed_at: at, last_seen_at: at }),
      )
      .execute();
  }

  async recordInfo(unit: string, infoJson: string, at: number): Promise<void> {
    await this.db
      .insertInto('units')
      .values({ id: unit, first_seen_at: at, last_seen_at: at, online: 0, info_json: infoJson })
      .onConflict((oc) => oc.column('id').doUpdateSet({ info_json: infoJson, last_seen_at: at }))
      .execute();
  }

  /** Keeps the newest state by the unit's own `ts`, whatever order messages arrive in. */
  async recordState(unit: string, stateJson: string, ts: number, at: number): Promise<void> {
    await this.db
      .insertInto('units')
      .values({
        id: unit,
        first_seen_at: at,
        last_seen_at: at,
        online: 0,
        state_json: stateJson,
        state_ts: ts,
      })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({ state_json: stateJson, state_ts: ts, last_seen_at: at })
          .where((eb) => eb.or([eb('units.state_ts', 'is', null), eb('units.state_ts', '<=', ts)])),
      )
      .execute();
  }

  async list(): Promise<UnitRow[]> {
    return this.db.selectFrom('units').selectAll().orderBy('id').execute();
  }

  async get(unit: string): Promise<UnitRow | undefined> {
    return this.db.selectFrom('units').selectAll().where('id', '=', unit).executeTakeFirst();
  }
}
