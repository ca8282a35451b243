import { z } from 'zod';
import { itemSchema } from './common.js';

/** Answers to the Insomnia Severity Index (Bastien 2001): items i1…i7, each 0–4. */
export const isiAnswersSchema = z.strictObject({
  i1: itemSchema(4).describe('item 1: sleep onset'),
  i2: itemSchema(4).describe('item 2: sleep maintenance'),
  i3: itemSchema(4).describe('item 3: early waking'),
  i4: itemSchema(4).describe('item 4: satisfaction'),
  i5: itemSchema(4).describe('item 5: visible to others'),
  i6: itemSchema(4).describe('item 6: worry'),
  i7: itemSchema(4).describe('item 7: daytime interference'),
});

export type IsiAnswers = z.infer<typeof isiAnswersSchema>;

export const isiBandSchema = z.enum(['none', 'subthreshold', 'moderate', 'severe']);
export type IsiBand = z.infer<typeof isiBandSchema>;
