import { z } from 'zod';
import { round } from '../../round.js';
import { clockTimeSchema, hoursSchema, itemSchema, minutesSchema, wallClockMinutes } from './common.js';

/**
 * Answers to the Pittsburgh Sleep Quality Index (Buysse 1989), by item number (DESIGN.md
 * `nocturne score psqi`). Every item may be missing: the components that need it are then null.
 */
export const psqiAnswersSchema = z
  .strictObject({
    bed: clockTimeSchema.nullish().describe('item 1: usual bedtime HH:MM'),
    latency_min: minutesSchema(720).nullish().describe('item 2: minutes usually taken to fall asleep'),
    rise: clockTimeSchema.nullish().describe('item 3: usual getting-up time HH:MM'),
    sleep_h: hoursSchema(24).nullish().describe('item 4: hours of actual sleep per night'),
    q5a: itemSchema(3).describe('item 5a: cannot get to sleep within 30 minutes'),
    q5b: itemSchema(3).describe('item 5b: wake in the night or early morning'),
    q5c: itemSchema(3).describe('item 5c: get up to use the bathroom'),
    q5d: itemSchema(3).describe('item 5d: cannot breathe comfortably'),
    q5e: itemSchema(3).describe('item 5e: cough or snore'),
    q5f: itemSchema(3).describe('item 5f: feel too cold'),
    q5g: itemSchema(3).describe('item 5g: feel too hot'),
    q5h: itemSchema(3).describe('item 5h: bad dreams'),
    q5i: itemSchema(3).describe('item 5i: pain'),
    q5j: itemSchema(3).describe('item 5j: other reason'),
    q5j_described: z.boolean().nullish().describe('item 5j: whether the other reason is described'),
    q6: itemSchema(3).describe('item 6: overall sleep quality'),
    q7: itemSchema(3).describe('item 7: sleep medication'),
    q8: itemSchema(3).describe('item 8: trouble staying awake in the day'),
    q9: itemSchema(3).describe('item 9: keeping up enthusiasm'),
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
