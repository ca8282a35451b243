import type { Kysely, Selectable } from 'kysely';
import type { Database, ProtocolsTable } from './schema.js';

export type ProtocolRow = Selectable<ProtocolsTable>;

/** How storing one name@version went: new, already there with the same parameters, or a clash. */
export type ProtocolInsert = 'inserted' | 'identical' | 'conflict';

/** Stored protocol versions. There is deliberately no update or delete: a version is immutable. */
export class ProtocolsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** By name, newest version first. */
  async list(): Promise<ProtocolRow[]> {
    return this.db.selectFrom('protocols').selectAll().orderBy('name').orderBy('version', 'desc').execute();
  }

  async get(name: string, version: number): Promise<ProtocolRow | undefined> {
    return this.db
      .selectFrom('protocols')
      .selectAll()
      .where('name', '=', name)
      .where('version', '=', version)
      .executeTakeFirst();
  }

  /** Stores name@version once; the same hash again is a no-op, other parameters a conflict. */
  async insert(row: ProtocolRow): Promise<ProtocolInsert> {
    const result = await this.db
      .insertInto('protocols')
      .values(row)
      .onConflict((oc) => oc.columns(['name', 'version']).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) return 'inserted';
    const existing = await this.get(row.name, row.version);
    return existing?.hash === row.hash ? 'identical' : 'conflict';
  }

  /**
   * Stores the next version of `name` (above `floor`, the highest version known elsewhere, e.g.
   * built in). Two writers racing for one number: the loser takes the next one.
   */
  async insertNext(
    name: string,
    floor: number,
    make: (version: number) => ProtocolRow,
  ): Promise<ProtocolRow> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const top = await this.db
        .selectFrom('protocols')
        .select((eb) => eb.fn.max('version').as('top'))
        .where('name', '=', name)
        .executeTakeFirst();
      const row = make(Math.max(floor, Number(top?.top ?? 0)) + 1);
      if ((await this.insert(row)) !== 'conflict') return row;
    }
    throw new Error(`protocol ${name}: no free version after 5 tries`);
  }

  /** name@version of every protocol a stored session report ran. */
  async reportedRefs(): Promise<{ name: string; version: number }[]> {
    const rows = await this.db
      .selectFrom('session_reports')
      .select(['protocol_name', 'protocol_version'])
      .where('protocol_name', 'is not', null)
      .groupBy(['protocol_name', 'protocol_version'])
      .execute();
    return rows.flatMap((r) =>
      r.protocol_name !== null && r.protocol_version !== null
        ? [{ name: r.protocol_name, version: r.protocol_version }]
        : [],
    );
  }

  /** The desired schedules' JSON, for the protocols they reference. */
  async scheduleJsons(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('unit_schedules')
      .select('schedule_json')
      .where('schedule_json', 'is not', null)
      .execute();
    return rows.flatMap((r) => (r.schedule_json === null ? [] : [r.schedule_json]));
  }
}
