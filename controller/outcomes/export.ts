import type {
  CoTherapyExportRow,
  DiaryExportRow,
  QuestionnaireExportRow,
} from '../../shared/api-outcomes.js';
import type { ControllerStore } from '../store/repos.js';
import { localDay } from './local-time.js';
import { toCoTherapyEntry, toDiaryEntry, toQuestionnaireEntry } from './patient-outcomes.js';

/**
 * The outcome sections of a patient's export (docs/outcomes.md "Export"): questionnaires taken in
 * [from, to), diary nights whose date falls in those days, co-therapies overlapping them.
 */

export const QUESTIONNAIRE_COLUMNS: readonly (keyof QuestionnaireExportRow)[] = [
  'patient',
  'id',
  'measure',
  'taken_at',
  'total',
  'band',
  'self_harm_flag',
  'psqi_c1',
  'psqi_c2',
  'psqi_c3',
  'psqi_c4',
  'psqi_c5',
  'psqi_c6',
  'psqi_c7',
  'answers',
  'entered_by',
  'entered_at',
];

export const DIARY_COLUMNS: readonly (keyof DiaryExportRow)[] = [
  'patient',
  'date',
  'bedtime',
  'sol_min',
  'awakenings',
  'waso_min',
  'final_wake',
  'out_of_bed',
  'quality',
  'tib_min',
  'tst_min',
  'se_pct',
  'entered_by',
  'entered_at',
];

export const CO_THERAPY_COLUMNS: readonly (keyof CoTherapyExportRow)[] = [
  'patient',
  'id',
  'what',
  'kind',
  'dose',
  'from',
  'to',
  'entered_by',
  'entered_at',
];

export interface Range {
  from?: number | undefined;
  to?: number | undefined;
}

export async function questionnaireExportRows(
  store: ControllerStore,
  code: string,
  range: Range,
): Promise<QuestionnaireExportRow[]> {
  const rows = await store.outcomes.questionnaires(code, { from: range.from, to: range.to });
  return rows.map((row) => {
    const e = toQuestionnaireEntry(row);
    const c = e.measure === 'psqi' ? e.scores.components : undefined;
    return {
      patient: e.patient,
      id: e.id,
      measure: e.measure,
      taken_at: e.taken_at,
      total: e.measure === 'psqi' ? e.scores.global : e.scores.total,
      band: e.measure === 'psqi' ? null : e.scores.band,
      self_harm_flag: e.measure === 'phq9' ? e.scores.self_harm_flag : null,
      psqi_c1: c?.c1 ?? null,
      psqi_c2: c?.c2 ?? null,
      psqi_c3: c?.c3 ?? null,
      psqi_c4: c?.c4 ?? null,
      psqi_c5: c?.c5 ?? null,
      psqi_c6: c?.c6 ?? null,
      psqi_c7: c?.c7 ?? null,
      answers: row.answers_json,
      entered_by: e.entered_by,
      entered_at: e.entered_at,
    };
  });
}

/** The range's days in the patient's zone: [first, last] inclusive, either end open. */
function days(range: Range, zone: string): { from?: string; to?: string } {
  return {
    ...(range.from !== undefined ? { from: localDay(range.from, zone) } : {}),
    ...(range.to !== undefined ? { to: localDay(range.to - 1, zone) } : {}),
  };
}

export async function diaryExportRows(
  store: ControllerStore,
  code: string,
  zone: string,
  range: Range,
): Promise<DiaryExportRow[]> {
  return (await store.outcomes.diaryNights(code, days(range, zone))).map((row) => {
    const { answers, scores, entered_by, entered_at } = toDiaryEntry(row);
    const text = (k: string) => String(answers[k] ?? '');
    return {
      patient: code,
      date: scores.date,
      bedtime: text('bedtime'),
      sol_min: scores.sol_min,
      awakenings: scores.awakenings,
      waso_min: scores.waso_min,
      final_wake: text('final_wake'),
      out_of_bed: text('out_of_bed'),
      quality: scores.quality,
      tib_min: scores.tib_min,
      tst_min: scores.tst_min,
      se_pct: scores.se_pct,
      entered_by,
      entered_at,
    };
  });
}

export async function coTherapyExportRows(
  store: ControllerStore,
  code: string,
  zone: string,
  range: Range,
): Promise<CoTherapyExportRow[]> {
  const { from, to } = days(range, zone);
  return (await store.outcomes.coTherapies(code))
    .map((row) => ({ patient: code, ...toCoTherapyEntry(row) }))
    .filter(
      (t) => (to === undefined || t.from <= to) && (from === undefined || t.to === null || t.to >= from),
    );
}

/**
 * RFC 4180 CSV with a header row. Free text that a spreadsheet would run as a formula (starting
 * with =, +, -, @, tab or CR) is prefixed with a quote mark; numbers are written as they are.
 */
export function csvOf<T extends object>(columns: readonly (keyof T)[], rows: readonly T[]): string {
  const cell = (v: unknown) => {
    let text = v === null || v === undefined ? '' : String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
