import { z } from 'zod';
import { itemSchema } from './common.js';

/** Answers to the Insomnia Severity Index (Bastien 2001): items i1…i7, each 0–4. */
export const isiAnswersSchema = z.strictObject({
  i1: itemSchema(4).describe('item 1: difficulty falling asleep'),
  i2: itemSchema(4).describe('item 2: difficulty staying asleep'),
  i3: itemSchema(4).describe('item 3: waking too early'),
  i4: itemSchema(4).describe('item 4: satisfaction with current sleep'),
  i5: itemSchema(4).describe('item 5: noticeable to others'),
  i6: itemSchema(4).describe('item 6: worry about sleep'),
  i7: itemSchema(4).describe('item 7: interference with daily life'),
});

export type IsiAnswers = z.infer<typeof isiAnswersSchema>;

export const isiBandSchema = z.enum(['none', 'subthreshold', 'moderate', 'severe']);
export type IsiBand = z.infer<typeof isiBandSchema>;
