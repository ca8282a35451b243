import { z } from 'zod';
import { round } from '../../round.js';
import { clockTimeSchema, hoursSchema, itemSchema, minutesSchema, wallClockMinutes } from './common.js';

/**
 * Answers to the Pittsburgh Sleep Quality Index (Buysse 1989), by item number (DESIGN.md
 * `nocturne score psqi`). Every item may be missing: the components that need it are then null.
 */
export const psqiAnswersSchema = z
  .strictObject({
    bed: clockTimeSchema.nullish().describe('item 1: bedtime, HH:MM'),
    latency_min: minutesSchema(720).nullish().describe('item 2: sleep latency, minutes'),
    rise: clockTimeSchema.nullish().describe('item 3: getting-up time, HH:MM'),
    sleep_h: hoursSchema(24).nullish().describe('item 4: sleep duration, hours'),
    q5a: itemSchema(3).describe('item 5a: slow sleep onset'),
    q5b: itemSchema(3).describe('item 5b: night or early waking'),
    q5c: itemSchema(3).describe('item 5c: bathroom'),
    q5d: itemSchema(3).describe('item 5d: breathing'),
    q5e: itemSchema(3).describe('item 5e: coughing or snoring'),
    q5f: itemSchema(3).describe('item 5f: cold'),
    q5g: itemSchema(3).describe('item 5g: heat'),
    q5h: itemSchema(3).describe('item 5h: dreams'),
    q5i: itemSchema(3).describe('item 5i: pain'),
    q5j: itemSchema(3).describe('item 5j: other reason'),
    q5j_described: z.boolean().nullish().describe('item 5j: other reason described'),
    q6: itemSchema(3).describe('item 6: overall quality'),
    q7: itemSchema(3).describe('item 7: sleep medicine'),
    q8: itemSchema(3).describe('item 8: daytime sleepiness'),
    q9: itemSchema(3).describe('item 9: daytime drive'),
  })
  .superRefine((a, ctx) => {
    if (a.bed == null || a.rise == null) return;
    const inBedMin = wallClockMinutes(a.bed, a.rise);
    if (inBedMin === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['rise'],
        message: 'getting-up time equals bedtime: no time in bed',
      });
    } else if (a.sleep_h != null && round(a.sleep_h * 60, 6) > inBedMin) {
      ctx.addIssue({
        code: 'custom',
        path: ['sleep_h'],
        message: `${a.sleep_h} h of sleep is more than the ${round(inBedMin / 60, 2)} h in bed from ${a.bed} to ${a.rise}`,
      });
    }
  });

export type PsqiAnswers = z.infer<typeof psqiAnswersSchema>;
