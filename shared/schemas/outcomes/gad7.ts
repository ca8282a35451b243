import { z } from 'zod';
import { itemSchema } from './common.js';

/** Answers to the GAD-7 anxiety scale (Spitzer 2006): items g1…g7, each 0–3. */
export const gad7AnswersSchema = z.strictObject({
  g1: itemSchema(3).describe('item 1: nervousness'),
  g2: itemSchema(3).describe('item 2: uncontrolled worry'),
  g3: itemSchema(3).describe('item 3: excessive worry'),
  g4: itemSchema(3).describe('item 4: relaxing'),
  g5: itemSchema(3).describe('item 5: restlessness'),
  g6: itemSchema(3).describe('item 6: irritability'),
  g7: itemSchema(3).describe('item 7: dread'),
});

export type Gad7Answers = z.infer<typeof gad7AnswersSchema>;

/** Severity bands of GAD-7 and PHQ-9; GAD-7 never reaches `moderately_severe`. */
export const severityBandSchema = z.enum(['minimal', 'mild', 'moderate', 'moderately_severe', 'severe']);
export type SeverityBand = z.infer<typeof severityBandSchema>;
