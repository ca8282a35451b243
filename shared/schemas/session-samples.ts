import { z } from 'zod';
import { durableEnvelopeSchema, phaseSchema, sessionIdSchema, timestampSchema } from './common.js';

/** The most samples one batch carries; merged batches above it are thinned to a coarser interval. */
export const MAX_SAMPLES_PER_BATCH = 120;

/**
 * One sample of a session: heart rate and what the program played, side by side, so the response
 * to the tempo can be judged per patient (CLINICAL.md:18-19).
 */
export const sessionSampleSchema = z.object({
  t: timestampSchema,
  phase: phaseSchema,
  bpm: z.number().min(20).max(250).nullable().describe('Latest heart rate; null without a valid pulse'),
  quality: z.number().min(0).max(1).describe('Quality of the latest heart-rate estimate, 0 without one'),
  trend_bpm: z.number().min(20).max(250).nullable().describe('Smoothed heart-rate trend the program uses'),
  tempo_bpm: z.number().min(30).max(120).describe('Music tempo'),
  volume_db: z.number().max(60).nullable().describe('Output level, dB(A) at the pillow; null when silent'),
  light: z.number().min(0).max(1).describe('Light level, 0..1 perceptual (CIE L*)'),
});
export type SessionSample = z.infer<typeof sessionSampleSchema>;

/**
 * Durable: a batch of samples, written at least every 10 s (DESIGN.md "MQTT"). After a long outage
 * the unit may merge batches into coarser ones (a larger `interval_ms`) before they get a `seq`.
 */
export const sessionSamplesSchema = durableEnvelopeSchema.extend({
  session_id: sessionIdSchema,
  interval_ms: z.number().int().positive().describe('Nominal time between samples'),
  samples: z.array(sessionSampleSchema).min(1).max(MAX_SAMPLES_PER_BATCH),
});
export type SessionSamples = z.infer<typeof sessionSamplesSchema>;
