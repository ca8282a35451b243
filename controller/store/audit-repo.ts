import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from './schema.js';

export type AuditRow = Selectable<AuditLogTable>;
export type NewAuditRow = Insertable<AuditLogTable>;

/** The audit log: append and read only. There is deliberately no update or delete here. */
export class AuditRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async append(row: NewAuditRow): Promise<void> {
    await this.db.insertInto('audit_log').values(row).execute();
  }

  /** Newest first; only entries about `patients` when given (a caregiver's view). */
  async list(o: { patients?: string[]; limit: number; before?: number }): Promise<AuditRow[]> {
    let query = this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(o.limit);
    if (o.patients !== undefined) {
      if (o.patients.length === 0) return [];
      query = query.where('patient', 'in', o.patients);
    }
    if (o.before !== undefined) query = query.where('id', '<', o.before);
    return query.execute();
  }
}
