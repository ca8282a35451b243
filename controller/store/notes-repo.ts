import type { Kysely, Selectable } from 'kysely';
import type { Database, PatientNotesTable } from './schema.js';

export type NoteRow = Selectable<PatientNotesTable>;

/** Caregivers' notes: added and read, never changed. */
export class NotesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async add(row: Omit<NoteRow, 'id'>): Promise<NoteRow> {
    const inserted = await this.db.insertInto('patient_notes').values(row).returningAll().executeTakeFirst();
    if (!inserted) throw new Error('note not stored');
    return inserted;
  }

  /** Newest first. */
  async list(patient: string, o: { limit: number; before?: number; from?: number }): Promise<NoteRow[]> {
    let query = this.db
      .selectFrom('patient_notes')
      .selectAll()
      .where('patient', '=', patient)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(o.limit);
    if (o.before !== undefined) query = query.where('at', '<', o.before);
    if (o.from !== undefined) query = query.where('at', '>=', o.from);
    return query.execute();
  }
}
