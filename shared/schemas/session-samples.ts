import { z } from 'zod';
import { durableEnvelopeSchema, sessionIdSchema, timestampSchema } from './common.js';

/** The most samples one batch carries; a merged batch above it is thinned to a coarser interval. */
export const MAX_SAMPLES_PER_BATCH = 120;

/** One moment of a session: what the unit measured and what it played. */
export const sampleSchema = z.object({
  t: timestampSchema,
  bpm: z.number().min(20).max(250).nullable().describe('Heart rate; null without a valid pulse'),
  quality: z.number().min(0).max(1).describe('0..1: how far the heart rate can be trusted'),
  volume_db: z.number().max(60).nullable().describe('Output level, dB(A) at the pillow; null when silent'),
  light: z.number().min(0).max(1).describe('Light level, 0..1 perceptual (CIE L*)'),
  tempo_bpm: z.number().positive().max(250).nullable().describe('Music tempo; null when no music plays'),
});
export type Sample = z.infer<typeof sampleSchema>;

/**
 * Durable: the samples of one session, a batch at least every 10 s. After a long outage the unit
 * may merge batches into coarser ones (a larger `interval_ms`) before they get a `seq`.
 */
export const sessionSamplesSchema = durableEnvelopeSchema.extend({
  session_id: sessionIdSchema,
  interval_ms: z.number().int().positive().describe('Nominal spacing of the samples in this batch'),
  samples: z.array(sampleSchema).min(1).max(MAX_SAMPLES_PER_BATCH),
});
export type SessionSamples = z.infer<typeof sessionSamplesSchema>;
