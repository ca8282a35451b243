import type {
  CoTherapyEntry,
  DiaryEntry,
  DiaryView,
  Programme,
  QuestionnaireEntry,
  QuestionnaireMeasure,
  Trends,
  UnitNight,
} from '../../shared/api-outcomes.js';
import type { Clock } from '../../shared/clock.js';
import { round } from '../../shared/round.js';
import type {
  CoTherapy,
  DiaryNightScore,
  Reminder,
  ResponseSummary,
} from '../../shared/schemas/outcomes/index.js';
import { type CompletionFacts, nightCompletion, ranItsCourse } from '../patients/completion.js';
import { reportOf, sessionsOfPatient } from '../patients/patient-sessions.js';
import type { CoTherapyRow, DiaryNightRow, QuestionnaireRow } from '../store/outcomes-repo.js';
import type { PatientRecord } from '../store/patients-repo.js';
import type { ControllerStore } from '../store/repos.js';
import { mean, weeklyMeans } from './diary.js';
import { localDay, nightOf } from './local-time.js';
import { dueReminders } from './reminders.js';
import { type DatedScore, responseSummary, type UnitSession } from './response-summary.js';

/** What the store holds about a patient's outcomes, shaped for the HTTP API and the scoring. */

/** The programme's days: the patient's creation day until a start is set. */
export function programmeOf(
  p: Pick<PatientRecord, 'timezone' | 'created_at' | 'programme_start' | 'programme_end'>,
): Programme {
  return { start: p.programme_start ?? localDay(p.created_at, p.timezone), end: p.programme_end };
}

export function toQuestionnaireEntry(row: QuestionnaireRow): QuestionnaireEntry {
  return {
    id: row.id,
    patient: row.patient,
    measure: row.measure,
    answers: JSON.parse(row.answers_json) as Record<string, unknown>,
    scores: JSON.parse(row.scores_json),
    taken_at: row.taken_at,
    entered_by: row.entered_by,
    entered_at: row.entered_at,
  } as QuestionnaireEntry;
}

export function toDiaryEntry(row: DiaryNightRow): DiaryEntry {
  return {
    date: row.date,
    answers: JSON.parse(row.answers_json) as Record<string, unknown>,
    scores: JSON.parse(row.scores_json) as DiaryNightScore,
    entered_by: row.entered_by,
    entered_at: row.entered_at,
  };
}

export function toCoTherapyEntry(row: CoTherapyRow): CoTherapyEntry {
  return {
    id: row.id,
    what: row.what,
    kind: row.kind as CoTherapyEntry['kind'],
    dose: row.dose,
    from: row.from_day,
    to: row.to_day,
    entered_by: row.entered_by,
    entered_at: row.entered_at,
  };
}

function asCoTherapy(t: CoTherapyEntry): CoTherapy {
  return { what: t.what, kind: t.kind, dose: t.dose, from: t.from, to: t.to };
}

/** The questionnaire's headline number: PSQI global, else the total. */
export function headline(entry: QuestionnaireEntry): number | null {
  return entry.measure === 'psqi' ? entry.scores.global : entry.scores.total;
}

export async function diaryView(store: ControllerStore, patient: PatientRecord): Promise<DiaryView> {
  const nights = (await store.outcomes.diaryNights(patient.code)).map(toDiaryEntry);
  return { timezone: patient.timezone, nights, weeks: weeklyMeans(nights.map((n) => n.scores)) };
}

/** A session as a night of the trends needs it: the summary's figures and what its completion rests on. */
type UnitNightSession = UnitSession & CompletionFacts;

/** The unit's sessions for this patient, with the report's figures, oldest first. */
async function unitSessions(store: ControllerStore, code: string): Promise<UnitNightSession[]> {
  const rows = (await sessionsOfPatient(store, code, 10_000)).filter((s) => s.started_at !== null).reverse();
  const out: UnitNightSession[] = [];
  for (const row of rows) {
    const report = await reportOf(store, row);
    const num = (v: unknown) => (typeof v === 'number' ? v : null);
    out.push({
      started_at: row.started_at as number,
      end_reason: row.end_reason,
      duration_s: row.duration_s,
      planned_s: row.planned_s ?? num(report?.planned_s),
      baseline_bpm: num(report?.baseline_bpm),
      calm_point_s: num(report?.calm_point_s),
    });
  }
  return out;
}

/** Per night: how many sessions, how many ran their course, its completion (as the nights API has it), the mean baseline and calm point. */
export function unitNights(sessions: readonly UnitNightSession[], zone: string): UnitNight[] {
  const byNight = new Map<string, UnitNightSession[]>();
  for (const s of sessions) {
    const night = nightOf(s.started_at, zone);
    byNight.set(night, [...(byNight.get(night) ?? []), s]);
  }
  const meanOf = (list: readonly (number | null)[], digits: number) => {
    const m = mean(list.filter((v): v is number => v !== null));
    return m === null ? null : round(m, digits);
  };
  return [...byNight.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([night, list]) => {
      return {
        night,
        sessions: list.length,
        completed: list.filter(ranItsCourse).length,
        completion: nightCompletion(list),
        baseline_bpm: meanOf(
          list.map((s) => s.baseline_bpm),
          1,
        ),
        calm_point_s: meanOf(
          list.map((s) => s.calm_point_s),
          0,
        ),
      };
    });
}

export async function trends(store: ControllerStore, patient: PatientRecord): Promise<Trends> {
  const zone = patient.timezone;
  const entries = (await store.outcomes.questionnaires(patient.code)).map(toQuestionnaireEntry);
  const series = (measure: QuestionnaireMeasure) =>
    entries
      .filter((e) => e.measure === measure)
      .map((e) => ({ id: e.id, at: e.taken_at, day: localDay(e.taken_at, zone), value: headline(e) }));
  const diary = await diaryView(store, patient);
  return {
    timezone: zone,
    programme: programmeOf(patient),
    questionnaires: { psqi: series('psqi'), isi: series('isi'), gad7: series('gad7'), phq9: series('phq9') },
    diary_weeks: diary.weeks,
    unit_nights: unitNights(await unitSessions(store, patient.code), zone),
    co_therapies: (await store.outcomes.coTherapies(patient.code)).map(toCoTherapyEntry),
  };
}

export async function patientResponseSummary(
  store: ControllerStore,
  patient: PatientRecord,
  clock: Pick<Clock, 'now'>,
): Promise<ResponseSummary> {
  const entries = (await store.outcomes.questionnaires(patient.code)).map(toQuestionnaireEntry);
  const dated = (measure: QuestionnaireMeasure): DatedScore[] =>
    entries.filter((e) => e.measure === measure).map((e) => ({ at: e.taken_at, total: headline(e) }));
  const diary = await diaryView(store, patient);
  const programme = programmeOf(patient);
  return responseSummary(
    {
      timezone: patient.timezone,
      programme,
      psqi: dated('psqi'),
      isi: dated('isi'),
      gad7: dated('gad7'),
      phq9: dated('phq9'),
      diary: diary.nights.map((n) => n.scores),
      sessions: await unitSessions(store, patient.code),
      co_therapies: (await store.outcomes.coTherapies(patient.code)).map((r) =>
        asCoTherapy(toCoTherapyEntry(r)),
      ),
    },
    clock,
  );
}

export async function patientReminders(
  store: ControllerStore,
  patient: PatientRecord,
  clock: Pick<Clock, 'now'>,
): Promise<Reminder[]> {
  const programme = programmeOf(patient);
  // A programme that has ended asks for nothing more.
  if (programme.end !== null && localDay(clock.now(), patient.timezone) > programme.end) return [];
  const last = await store.outcomes.lastTaken(patient.code);
  return dueReminders(
    {
      timezone: patient.timezone,
      programme_start: programme.start,
      last_taken: {
        psqi: last.psqi ?? null,
        isi: last.isi ?? null,
        gad7: last.gad7 ?? null,
        phq9: last.phq9 ?? null,
      },
      last_diary_night: await store.outcomes.lastDiaryNight(patient.code),
    },
    clock,
  );
}
