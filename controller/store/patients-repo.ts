import type { Kysely, Selectable } from 'kysely';
import type { Database, PatientsTable, PatientUnitsTable } from './schema.js';

export type PatientRow = Selectable<PatientsTable>;
export type PatientUnitRow = Selectable<PatientUnitsTable>;

export interface PatientRecord extends PatientRow {
  /** The unit assigned now, or null. */
  unit: string | null;
  caregivers: string[];
}

/** Patients, the unit each has had over time, and the people assigned to each. */
export class PatientsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates a patient with its unit and people; false when the code is taken. */
  async create(
    p: { code: string; timezone: string; unit: string | null; caregivers: string[] },
    at: number,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .insertInto('patients')
        .values({ code: p.code, timezone: p.timezone, created_at: at })
        .onConflict((oc) => oc.column('code').doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      const repo = new PatientsRepo(trx);
      if (p.unit) await repo.assignUnit(p.code, p.unit, at);
      await repo.setCaregivers(p.code, p.caregivers);
      return true;
    });
  }

  async get(code: string): Promise<PatientRecord | undefined> {
    const row = await this.db.selectFrom('patients').selectAll().where('code', '=', code).executeTakeFirst();
    return row ? (await this.withAssignments([row]))[0] : undefined;
  }

  /** Every patient (admins), or those assigned to `username`. */
  async list(username?: string): Promise<PatientRecord[]> {
    let query = this.db.selectFrom('patients').selectAll('patients').orderBy('patients.code');
    if (username !== undefined) {
      query = query
        .innerJoin('patient_caregivers', 'patient_caregivers.patient', 'patients.code')
        .where('patient_caregivers.username', '=', username);
    }
    return this.withAssignments(await query.execute());
  }

  /** Whether `username` is assigned to the patient (the policy's question). */
  async isAssigned(code: string, username: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('patient_caregivers')
      .select('patient')
      .where('patient', '=', code)
      .where('username', '=', username)
      .executeTakeFirst();
    return row !== undefined;
  }

  async exists(code: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('patients')
      .select('code')
      .where('code', '=', code)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Closes the current assignment and opens one for `unit` (null: none), keeping the history. */
  async assignUnit(code: string, unit: string | null, at: number): Promise<void> {
    await this.db
      .updateTable('patient_units')
      .set({ to_at: at })
      .where('patient', '=', code)
      .where('to_at', 'is', null)
      .execute();
    if (unit)
      await this.db.insertInto('patient_units').values({ patient: code, unit, from_at: at }).execute();
  }

  async setCaregivers(code: string, usernames: string[]): Promise<void> {
    await this.db.deleteFrom('patient_caregivers').where('patient', '=', code).execute();
    const unique = [...new Set(usernames)];
    if (unique.length > 0) {
      await this.db
        .insertInto('patient_caregivers')
        .values(unique.map((username) => ({ patient: code, username })))
        .execute();
    }
  }

  /** Every unit the patient has had, oldest first. */
  async unitHistory(code: string): Promise<PatientUnitRow[]> {
    return this.db
      .selectFrom('patient_units')
      .selectAll()
      .where('patient', '=', code)
      .orderBy('from_at')
      .execute();
  }

  /** The patient whose unit `unit` is now (a unit serves one patient at a time). */
  async currentPatientOf(unit: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('patient_units')
      .select('patient')
      .where('unit', '=', unit)
      .where('to_at', 'is', null)
      .orderBy('from_at', 'desc')
      .executeTakeFirst();
    return row?.patient;
  }

  /** The units currently assigned to `username`'s patients (every assigned unit when undefined). */
  async currentUnits(username?: string): Promise<string[]> {
    let query = this.db.selectFrom('patient_units').select('patient_units.unit').where('to_at', 'is', null);
    if (username !== undefined) {
      query = query
        .innerJoin('patient_caregivers', 'patient_caregivers.patient', 'patient_units.patient')
        .where('patient_caregivers.username', '=', username);
    }
    return (await query.execute()).map((r) => r.unit);
  }

  private async withAssignments(rows: PatientRow[]): Promise<PatientRecord[]> {
    if (rows.length === 0) return [];
    const codes = rows.map((r) => r.code);
    const units = await this.db
      .selectFrom('patient_units')
      .select(['patient', 'unit'])
      .where('patient', 'in', codes)
      .where('to_at', 'is', null)
      .execute();
    const people = await this.db
      .selectFrom('patient_caregivers')
      .select(['patient', 'username'])
      .where('patient', 'in', codes)
      .orderBy('username')
      .execute();
    return rows.map((row) => ({
      ...row,
      unit: units.find((u) => u.patient === row.code)?.unit ?? null,
      caregivers: people.filter((p) => p.patient === row.code).map((p) => p.username),
    }));
  }
}
