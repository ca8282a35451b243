import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export const HOUR_MS = 3_600_000;

/** Which hours each unit was heard in (any message at all): the memory behind "no data". */
export class HeardRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async record(unit: string, at: number): Promise<void> {
    await this.db
      .insertInto('unit_heard')
      .values({ unit, hour_at: Math.floor(at / HOUR_MS) * HOUR_MS })
      .onConflict((oc) => oc.columns(['unit', 'hour_at']).doNothing())
      .execute();
  }

  /** Hour starts in [from, to), oldest first. */
  async hours(unit: string, from: number, to: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('unit_heard')
      .select('hour_at')
      .where('unit', '=', unit)
      .where('hour_at', '>=', Math.floor(from / HOUR_MS) * HOUR_MS)
      .where('hour_at', '<', to)
      .orderBy('hour_at')
      .execute();
    return rows.map((r) => r.hour_at);
  }
}
