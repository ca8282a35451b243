import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CoTherapiesTable, Database, DiaryNightsTable, QuestionnaireEntriesTable } from './schema.js';

export type QuestionnaireRow = Selectable<QuestionnaireEntriesTable>;
export type DiaryNightRow = Selectable<DiaryNightsTable>;
export type CoTherapyRow = Selectable<CoTherapiesTable>;
export type QuestionnaireMeasure = QuestionnaireRow['measure'];

/** Questionnaire entries, diary nights, co-therapies and the programme's days, per patient. */
export class OutcomesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async addQuestionnaire(row: Insertable<QuestionnaireEntriesTable>): Promise<QuestionnaireRow> {
    const inserted = await this.db
      .insertInto('questionnaire_entries')
      .values(row)
      .returningAll()
      .executeTakeFirstOrThrow();
    return inserted;
  }

  /** Oldest first; one measure when given, taken in [from, to) when given. */
  async questionnaires(
    patient: string,
    o: { measure?: QuestionnaireMeasure; from?: number; to?: number } = {},
  ): Promise<QuestionnaireRow[]> {
    let query = this.db.selectFrom('questionnaire_entries').selectAll().where('patient', '=', patient);
    if (o.measure) query = query.where('measure', '=', o.measure);
    if (o.from !== undefined) query = query.where('taken_at', '>=', o.from);
    if (o.to !== undefined) query = query.where('taken_at', '<', o.to);
    return query.orderBy('taken_at').orderBy('id').execute();
  }

  /** When each measure was last taken (ms), for the reminders. */
  async lastTaken(patient: string): Promise<Partial<Record<QuestionnaireMeasure, number>>> {
    const rows = await this.db
      .selectFrom('questionnaire_entries')
      .select(['measure', (eb) => eb.fn.max('taken_at').as('last')])
      .where('patient', '=', patient)
      .groupBy('measure')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.measure, Number(r.last)]));
  }

  /** Stores a night; false when the patient already has an entry for that night. */
  async addDiaryNight(row: Insertable<DiaryNightsTable>): Promise<boolean> {
    const result = await this.db
      .insertInto('diary_nights')
      .values(row)
      .onConflict((oc) => oc.columns(['patient', 'date']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** In date order; nights in [from, to] (YYYY-MM-DD, inclusive) when given. */
  async diaryNights(patient: string, o: { from?: string; to?: string } = {}): Promise<DiaryNightRow[]> {
    let query = this.db.selectFrom('diary_nights').selectAll().where('patient', '=', patient);
    if (o.from !== undefined) query = query.where('date', '>=', o.from);
    if (o.to !== undefined) query = query.where('date', '<=', o.to);
    return query.orderBy('date').execute();
  }

  async lastDiaryNight(patient: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('diary_nights')
      .select((eb) => eb.fn.max('date').as('last'))
      .where('patient', '=', patient)
      .executeTakeFirst();
    return row?.last ?? null;
  }

  async addCoTherapy(row: Insertable<CoTherapiesTable>): Promise<CoTherapyRow> {
    return this.db.insertInto('co_therapies').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** In the order they were entered. */
  async coTherapies(patient: string): Promise<CoTherapyRow[]> {
    return this.db
      .selectFrom('co_therapies')
      .selectAll()
      .where('patient', '=', patient)
      .orderBy('from_day')
      .orderBy('id')
      .execute();
  }

  async coTherapy(patient: string, id: number): Promise<CoTherapyRow | undefined> {
    return this.db
      .selectFrom('co_therapies')
      .selectAll()
      .where('patient', '=', patient)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Sets (or clears, with null) the last day of one of the patient's co-therapies. */
  async endCoTherapy(patient: string, id: number, to: string | null): Promise<boolean> {
    const result = await this.db
      .updateTable('co_therapies')
      .set({ to_day: to })
      .where('patient', '=', patient)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async setProgramme(patient: string, start: string, end: string | null): Promise<boolean> {
    const result = await this.db
      .updateTable('patients')
      .set({ programme_start: start, programme_end: end })
      .where('code', '=', patient)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
