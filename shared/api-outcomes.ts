import { z } from 'zod';
import { completionSchema } from './api-dashboard.js';
import { patientCodeSchema, patientParamsSchema, patientViewSchema } from './api-people.js';
import { timestampSchema } from './schemas/common.js';
import {
  coTherapyKindSchema,
  coTherapySchema,
  diaryNightSchema,
  diaryNightScoreSchema,
  diaryWeekSchema,
  gad7AnswersSchema,
  gad7ScoreSchema,
  isiAnswersSchema,
  isiScoreSchema,
  localDateSchema,
  phq9AnswersSchema,
  phq9ScoreSchema,
  psqiAnswersSchema,
  psqiScoreSchema,
  reminderSchema,
} from './schemas/outcomes/index.js';

/** HTTP bodies of the outcome measures (docs/outcomes.md "HTTP API"), built on shared/schemas/outcomes/. */

export const questionnaireMeasureSchema = z.enum(['psqi', 'isi', 'gad7', 'phq9']);
export type QuestionnaireMeasure = z.infer<typeof questionnaireMeasureSchema>;

const takenAt = timestampSchema.optional().describe('when the patient answered; default: now');

/** POST /api/patients/:code/questionnaires: the measure and its answers by JSON item name. */
export const questionnaireBodySchema = z.discriminatedUnion('measure', [
  z.strictObject({ measure: z.literal('psqi'), answers: psqiAnswersSchema, taken_at: takenAt }),
  z.strictObject({ measure: z.literal('isi'), answers: isiAnswersSchema, taken_at: takenAt }),
  z.strictObject({ measure: z.literal('gad7'), answers: gad7AnswersSchema, taken_at: takenAt }),
  z.strictObject({ measure: z.literal('phq9'), answers: phq9AnswersSchema, taken_at: takenAt }),
]);
export type QuestionnaireBody = z.infer<typeof questionnaireBodySchema>;

const entryMeta = {
  id: z.int(),
  patient: patientCodeSchema,
  answers: z.record(z.string(), z.unknown()).describe('as entered, by JSON item name'),
  taken_at: timestampSchema,
  entered_by: z.string(),
  entered_at: timestampSchema,
};

/** A stored questionnaire with the scores it gave when entered. */
export const questionnaireEntrySchema = z.discriminatedUnion('measure', [
  z.object({ measure: z.literal('psqi'), ...entryMeta, scores: psqiScoreSchema }),
  z.object({ measure: z.literal('isi'), ...entryMeta, scores: isiScoreSchema }),
  z.object({ measure: z.literal('gad7'), ...entryMeta, scores: gad7ScoreSchema }),
  z.object({ measure: z.literal('phq9'), ...entryMeta, scores: phq9ScoreSchema }),
]);
export type QuestionnaireEntry = z.infer<typeof questionnaireEntrySchema>;

export const questionnaireQuerySchema = z.object({ measure: questionnaireMeasureSchema.optional() });

/** POST /api/patients/:code/diary: one night of the Consensus Sleep Diary. */
export const diaryBodySchema = diaryNightSchema;

export const diaryEntrySchema = z.object({
  date: localDateSchema,
  answers: z.record(z.string(), z.unknown()),
  scores: diaryNightScoreSchema,
  entered_by: z.string(),
  entered_at: timestampSchema,
});
export type DiaryEntry = z.infer<typeof diaryEntrySchema>;

/** GET /api/patients/:code/diary: every night (in date order) and the weekly means. */
export const diaryViewSchema = z.object({
  timezone: z.string(),
  nights: z.array(diaryEntrySchema),
  weeks: z.array(diaryWeekSchema),
});
export type DiaryView = z.infer<typeof diaryViewSchema>;

/** POST /api/patients/:code/co-therapies. */
export const coTherapyBodySchema = coTherapySchema;

export const coTherapyEntrySchema = z.object({
  id: z.int(),
  what: z.string(),
  kind: coTherapyKindSchema,
  dose: z.string().nullable(),
  from: localDateSchema,
  to: localDateSchema.nullable(),
  entered_by: z.string(),
  entered_at: timestampSchema,
});
export type CoTherapyEntry = z.infer<typeof coTherapyEntrySchema>;

export const coTherapyParamsSchema = patientParamsSchema.extend({ id: z.coerce.number().int().positive() });
/** PATCH /api/patients/:code/co-therapies/:id: its last day (null: it goes on again). */
export const coTherapyEndSchema = z.strictObject({ to: localDateSchema.nullable() });

/** PUT /api/patients/:code/programme. */
export const programmeBodySchema = z
  .strictObject({
    start: localDateSchema.describe('first day of the programme'),
    end: localDateSchema.nullish().describe('last day; absent or null while it goes on'),
  })
  .superRefine((p, ctx) => {
    if (p.end != null && p.end < p.start)
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `ends (${p.end}) before it starts (${p.start})`,
      });
  });
export const programmeSchema = z.object({
  start: localDateSchema.describe("first day (the patient's creation day until one is set)"),
  end: localDateSchema.nullable(),
});
export type Programme = z.infer<typeof programmeSchema>;

const trendPointSchema = z.object({
  id: z.int(),
  at: timestampSchema,
  day: localDateSchema.describe("the day taken, in the patient's zone"),
  value: z.int().nullable().describe('PSQI global or the total; null when incomplete'),
});

/** One night of the unit's sessions (a session before noon belongs to the night before). */
export const unitNightSchema = z.object({
  night: localDateSchema,
  sessions: z.int().min(1),
  completed: z.int().min(0).describe('sessions that ran their course (ended by timer or calm)'),
  completion: completionSchema,
  baseline_bpm: z.number().nullable().describe('mean over the night’s sessions that have one'),
  calm_point_s: z.number().nullable(),
});
export type UnitNight = z.infer<typeof unitNightSchema>;

/** GET /api/patients/:code/trends. */
export const trendsSchema = z.object({
  timezone: z.string(),
  programme: programmeSchema,
  questionnaires: z.object({
    psqi: z.array(trendPointSchema),
    isi: z.array(trendPointSchema),
    gad7: z.array(trendPointSchema),
    phq9: z.array(trendPointSchema),
  }),
  diary_weeks: z.array(diaryWeekSchema),
  unit_nights: z.array(unitNightSchema),
  co_therapies: z.array(coTherapyEntrySchema),
});
export type Trends = z.infer<typeof trendsSchema>;

export const remindersSchema = z.array(reminderSchema);

/** GET /api/patients: each patient with its due reminders (the overview). */
export const patientOverviewSchema = patientViewSchema.extend({ reminders: remindersSchema });
export type PatientOverview = z.infer<typeof patientOverviewSchema>;

/**
 * GET /api/patients/:code/export?section=…: the samples (default, DESIGN.md) or one outcome
 * section, each its own CSV file or JSON list (columns: docs/outcomes.md "Export").
 */
export const exportSectionSchema = z.enum(['samples', 'questionnaires', 'diary', 'co_therapies']);
export type ExportSection = z.infer<typeof exportSectionSchema>;

const answerNumber = z.number().nullable();

export const questionnaireExportRowSchema = z.object({
  patient: patientCodeSchema,
  id: z.int(),
  measure: questionnaireMeasureSchema,
  taken_at: timestampSchema,
  total: z.int().nullable().describe('PSQI global, or the ISI, GAD-7 or PHQ-9 total'),
  band: z.string().nullable().describe('ISI, GAD-7 and PHQ-9 band; null for the PSQI'),
  self_harm_flag: z.boolean().nullable().describe('PHQ-9 only'),
  psqi_c1: answerNumber,
  psqi_c2: answerNumber,
  psqi_c3: answerNumber,
  psqi_c4: answerNumber,
  psqi_c5: answerNumber,
  psqi_c6: answerNumber,
  psqi_c7: answerNumber,
  answers: z.string().describe('the item answers as entered, one JSON object'),
  entered_by: z.string(),
  entered_at: timestampSchema,
});
export type QuestionnaireExportRow = z.infer<typeof questionnaireExportRowSchema>;

export const diaryExportRowSchema = z.object({
  patient: patientCodeSchema,
  date: localDateSchema,
  bedtime: z.string(),
  sol_min: z.number(),
  awakenings: z.int(),
  waso_min: z.number(),
  final_wake: z.string(),
  out_of_bed: z.string(),
  quality: z.int().nullable(),
  tib_min: z.number(),
  tst_min: z.number(),
  se_pct: z.number(),
  entered_by: z.string(),
  entered_at: timestampSchema,
});
export type DiaryExportRow = z.infer<typeof diaryExportRowSchema>;

export const coTherapyExportRowSchema = coTherapyEntrySchema.extend({ patient: patientCodeSchema });
export type CoTherapyExportRow = z.infer<typeof coTherapyExportRowSchema>;

const itemSchema = z.object({
  label: z.string().describe('short neutral label, e.g. "item 5a: slow sleep onset"'),
  text: z.string().nullable().describe("the clinic's licensed wording, when it loaded one"),
});
/** GET /api/outcomes/items: every questionnaire item by JSON name, for the entry forms. */
export const itemsViewSchema = z.object({
  psqi: z.record(z.string(), itemSchema),
  isi: z.record(z.string(), itemSchema),
  gad7: z.record(z.string(), itemSchema),
  phq9: z.record(z.string(), itemSchema),
});
export type ItemsView = z.infer<typeof itemsViewSchema>;
