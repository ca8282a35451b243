import { z } from 'zod';
import { clockTimeSchema, localDateSchema, minutesSchema, timeZoneSchema } from './common.js';

/**
 * One night of the Consensus Sleep Diary (Carney 2012), core items. Times are the patient's wall
 * clock; `date` is the evening the night starts on, so a bedtime of 00:30 belongs to the night
 * before. What cannot be checked without the time zone (sleep longer than the night) is checked
 * when the night is scored (controller/outcomes/diary.ts).
 */
export const diaryNightSchema = z
  .strictObject({
    date: localDateSchema.describe('the evening the night starts on, YYYY-MM-DD'),
    bedtime: clockTimeSchema.describe('went to bed, HH:MM'),
    sol_min: minutesSchema(720).describe('minutes taken to fall asleep'),
    awakenings: z
      .int({ error: 'expected a whole number of awakenings from 0 to 50' })
      .min(0, 'expected a whole number of awakenings from 0 to 50')
      .max(50, 'expected a whole number of awakenings from 0 to 50')
      .describe('times woken during the night'),
    waso_min: minutesSchema(720).describe('minutes awake after falling asleep, before the final wake'),
    final_wake: clockTimeSchema.describe('final awakening, HH:MM'),
    out_of_bed: clockTimeSchema.describe('got out of bed for the day, HH:MM'),
    quality: z
      .int({ error: 'expected a whole number from 1 (very poor) to 5 (very good)' })
      .min(1, 'expected a whole number from 1 (very poor) to 5 (very good)')
      .max(5, 'expected a whole number from 1 (very poor) to 5 (very good)')
      .nullish()
      .describe('sleep quality, 1 very poor … 5 very good'),
  })
  .superRefine((night, ctx) => {
    if (night.awakenings === 0 && night.waso_min > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['waso_min'],
        message: 'minutes awake after sleep onset without any awakening',
      });
    }
  });

export type DiaryNight = z.infer<typeof diaryNightSchema>;

/** A patient's diary: nights (one entry per date) in the patient's time zone. */
export const diaryListSchema = z
  .strictObject({
    timezone: timeZoneSchema.default('UTC'),
    nights: z.array(diaryNightSchema).max(1000),
  })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.nights.forEach((night, i) => {
      if (seen.has(night.date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['nights', i, 'date'],
          message: `a second entry for the night of ${night.date}`,
        });
      }
      seen.add(night.date);
    });
  });

export type DiaryList = z.infer<typeof diaryListSchema>;
