import { z } from 'zod';
import { envelopeSchema, faultSchema, phaseSchema, sessionIdSchema, timestampSchema } from './common.js';

/** Retained, published on change and at most twice a second. */
export const stateSchema = envelopeSchema.extend({
  phase: phaseSchema,
  bpm: z.number().min(20).max(250).nullable().describe('Heart rate; null without a valid pulse'),
  rhythm_irregularity: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .optional()
    .describe(
      'Share of the last 5 minutes of judged heart-rate windows whose pulse was irregular; null when ' +
        'none was judged. An observation, not a diagnosis: an irregular pulse was measured; not a ' +
        'medical device; consider a clinical review',
    ),
  volume_db: z
    .number()
    .max(60)
    .nullable()
    .describe('Output level in dB(A) at the pillow (per calibration); null when silent'),
  light: z.number().min(0).max(1).describe('Light level, 0..1 perceptual (CIE L*)'),
  session_id: sessionIdSchema.nullable(),
  next_session_at: timestampSchema.nullable(),
  schedule_hold: z
    .enum(['clock_unsynced'])
    .nullable()
    .optional()
    .describe('Why scheduled sessions are held back now (null or absent: they run)'),
  faults: z.array(faultSchema).max(16).default([]),
});
export type State = z.infer<typeof stateSchema>;
