import { z } from 'zod';
import { coTherapySchema } from './co-therapy.js';
import { localDateSchema } from './common.js';
import { severityBandSchema } from './gad7.js';
import { isiBandSchema } from './isi.js';

/**
 * What scoring gives (controller/outcomes/), as the command line prints it and the HTTP API will
 * send it: the types of the scoring functions are inferred from these.
 */

/** A PSQI component 0–3, or null when an item it needs is missing. */
export const psqiComponentSchema = z
  .union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)])
  .nullable();
export type PsqiComponent = z.infer<typeof psqiComponentSchema>;

export const psqiScoreSchema = z.strictObject({
  components: z.strictObject({
    c1: psqiComponentSchema.describe('quality'),
    c2: psqiComponentSchema.describe('latency'),
    c3: psqiComponentSchema.describe('duration'),
    c4: psqiComponentSchema.describe('efficiency'),
    c5: psqiComponentSchema.describe('disturbances'),
    c6: psqiComponentSchema.describe('medication'),
    c7: psqiComponentSchema.describe('daytime'),
  }),
  global: z.int().min(0).max(21).nullable().describe('sum of the components; null when any is null'),
});
export type PsqiScore = z.infer<typeof psqiScoreSchema>;

export const isiScoreSchema = z.strictObject({
  total: z.int().min(0).max(28).nullable(),
  band: isiBandSchema.nullable(),
});
export type IsiScore = z.infer<typeof isiScoreSchema>;

export const gad7ScoreSchema = z.strictObject({
  total: z.int().min(0).max(21).nullable(),
  band: severityBandSchema.exclude(['moderately_severe']).nullable(),
});
export type Gad7Score = z.infer<typeof gad7ScoreSchema>;

export const phq9ScoreSchema = z.strictObject({
  total: z.int().min(0).max(27).nullable(),
  band: severityBandSchema.nullable(),
  self_harm_flag: z.boolean().describe('item 9 above 0: a high-severity alert to the caregivers at once'),
});
export type Phq9Score = z.infer<typeof phq9ScoreSchema>;

const minutes = z.number().min(0);

export const diaryNightScoreSchema = z.strictObject({
  date: localDateSchema,
  tib_min: minutes.describe('time in bed: bedtime to out of bed'),
  tst_min: minutes.describe('total sleep time: bedtime to final wake, less sol_min and waso_min'),
  sol_min: minutes.describe('sleep onset latency'),
  waso_min: minutes.describe('wake after sleep onset'),
  awakenings: z.int().min(0),
  se_pct: z.number().min(0).max(100).describe('sleep efficiency TST / TIB × 100'),
  quality: z.int().min(1).max(5).nullable(),
});
export type DiaryNightScore = z.infer<typeof diaryNightScoreSchema>;

export const diaryWeekSchema = z.strictObject({
  week: z
    .string()
    .regex(/^\d{4}-W\d{2}$/)
    .describe('ISO 8601 week of the nights, e.g. 2026-W10'),
  nights: z.int().min(1),
  tib_min: minutes,
  tst_min: minutes,
  sol_min: minutes,
  waso_min: minutes,
  se_pct: z.number().min(0).max(100),
  quality: z.number().min(1).max(5).nullable().describe('mean over the nights that rated it'),
  quality_nights: z.int().min(0),
});
export type DiaryWeek = z.infer<typeof diaryWeekSchema>;

export const diaryScoreSchema = z.strictObject({
  timezone: z.string(),
  nights: z.array(diaryNightScoreSchema),
  weeks: z.array(diaryWeekSchema),
});
export type DiaryScore = z.infer<typeof diaryScoreSchema>;

/** One side of a comparison: the mean and how many entries or nights it rests on. */
export const summarySideSchema = z.strictObject({ mean: z.number().nullable(), n: z.int().min(0) });
export const summaryChangeSchema = z.strictObject({
  first: summarySideSchema,
  last: summarySideSchema,
  change: z.number().nullable().describe('last − first; null when either side is empty'),
});
export type SummaryChange = z.infer<typeof summaryChangeSchema>;

const periodSchema = z.strictObject({ from: localDateSchema, to: localDateSchema });

export const responseSummarySchema = z.strictObject({
  programme: z.strictObject({ start: localDateSchema, end: localDateSchema }),
  first_weeks: periodSchema,
  last_weeks: periodSchema,
  measures: z.strictObject({
    psqi_global: summaryChangeSchema,
    isi_total: summaryChangeSchema,
    gad7_total: summaryChangeSchema,
    phq9_total: summaryChangeSchema,
    diary_sol_min: summaryChangeSchema,
    diary_tst_min: summaryChangeSchema,
    baseline_bpm: summaryChangeSchema,
    calm_point_s: summaryChangeSchema,
  }),
  co_therapies: z.array(coTherapySchema),
  reads_as: z.string().describe('"music alone" or "music with …"'),
});
export type ResponseSummary = z.infer<typeof responseSummarySchema>;

export const remindedMeasureSchema = z.enum(['psqi', 'isi', 'gad7', 'phq9', 'diary']);
export type RemindedMeasure = z.infer<typeof remindedMeasureSchema>;

export const reminderSchema = z.strictObject({
  measure: remindedMeasureSchema,
  every_days: z.int().min(1),
  last: localDateSchema.nullable().describe('day of the last entry (diary: the last night entered)'),
  due_on: localDateSchema,
  status: z.enum(['not_due', 'due', 'overdue']),
  days_overdue: z.int().min(0),
});
export type Reminder = z.infer<typeof reminderSchema>;
