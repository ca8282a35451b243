import { z } from 'zod';
import { itemSchema } from './common.js';

/** Answers to the GAD-7 anxiety scale (Spitzer 2006): items g1…g7, each 0–3. */
export const gad7AnswersSchema = z.strictObject({
  g1: itemSchema(3).describe('item 1: nervous or on edge'),
  g2: itemSchema(3).describe('item 2: cannot stop worrying'),
  g3: itemSchema(3).describe('item 3: worrying too much'),
  g4: itemSchema(3).describe('item 4: trouble relaxing'),
  g5: itemSchema(3).describe('item 5: restless'),
  g6: itemSchema(3).describe('item 6: easily annoyed'),
  g7: itemSchema(3).describe('item 7: afraid something awful might happen'),
});

export type Gad7Answers = z.infer<typeof gad7AnswersSchema>;

/** Severity bands of GAD-7 and PHQ-9; GAD-7 never reaches `moderately_severe`. */
export const severityBandSchema = z.enum(['minimal', 'mild', 'moderate', 'moderately_severe', 'severe']);
export type SeverityBand = z.infer<typeof severityBandSchema>;
