import { z } from 'zod';
import { itemSchema, requiredItemSchema } from './common.js';

/**
 * Answers to the PHQ-9 depression scale (Kroenke 2001): items p1…p9, each 0–3. Item 9 (thoughts
 * of self-harm) is required: it decides the caregiver alert, so it may not be left unknown.
 */
export const phq9AnswersSchema = z.strictObject({
  p1: itemSchema(3).describe('item 1: interest'),
  p2: itemSchema(3).describe('item 2: mood'),
  p3: itemSchema(3).describe('item 3: sleep'),
  p4: itemSchema(3).describe('item 4: energy'),
  p5: itemSchema(3).describe('item 5: appetite'),
  p6: itemSchema(3).describe('item 6: self-worth'),
  p7: itemSchema(3).describe('item 7: concentration'),
  p8: itemSchema(3).describe('item 8: psychomotor change'),
  p9: requiredItemSchema(3).describe('item 9: self-harm thoughts (required: it raises the caregiver alert)'),
});

export type Phq9Answers = z.infer<typeof phq9AnswersSchema>;
