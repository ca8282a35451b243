import type { Kysely } from 'kysely';
import type { RejectReason } from '../errors.js';
import type { Database } from './schema.js';

export interface RejectCount {
  unit: string;
  reason: string;
  count: number;
  last_at: number;
  last_error: string;
}

/** Counts of what ingest refused, per unit and reason, so bad senders are visible. */
export class RejectsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async count(unit: string, reason: RejectReason, error: string, at: number): Promise<void> {
    const last_error = error.slice(0, 500);
    await this.db
      .insertInto('ingest_rejects')
      .values({ unit, reason, count: 1, last_at: at, last_error })
      .onConflict((oc) =>
        oc.columns(['unit', 'reason']).doUpdateSet((eb) => ({
          count: eb('ingest_rejects.count', '+', 1),
          last_at: at,
          last_error,
        })),
      )
      .execute();
  }

  async list(): Promise<RejectCount[]> {
    return this.db.selectFrom('ingest_rejects').selectAll().orderBy('unit').orderBy('reason').execute();
  }
}
