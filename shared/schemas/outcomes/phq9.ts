import { z } from 'zod';
import { itemSchema, requiredItemSchema } from './common.js';

/**
 * Answers to the PHQ-9 depression scale (Kroenke 2001): items p1…p9, each 0–3. Item 9 (thoughts
 * of self-harm) is required: it decides the caregiver alert, so it may not be left unknown.
 */
export const phq9AnswersSchema = z.strictObject({
  p1: itemSchema(3).describe('item 1: little interest or pleasure'),
  p2: itemSchema(3).describe('item 2: feeling down'),
  p3: itemSchema(3).describe('item 3: sleep problems'),
  p4: itemSchema(3).describe('item 4: tired, little energy'),
  p5: itemSchema(3).describe('item 5: appetite'),
  p6: itemSchema(3).describe('item 6: feeling bad about oneself'),
  p7: itemSchema(3).describe('item 7: trouble concentrating'),
  p8: itemSchema(3).describe('item 8: moving or speaking slowly, or restless'),
  p9: requiredItemSchema(3).describe(
    'item 9: thoughts of self-harm (required: it raises the caregiver alert)',
  ),
});

export type Phq9Answers = z.infer<typeof phq9AnswersSchema>;
