import { z } from 'zod';
import { durableEnvelopeSchema, endReasonSchema, sessionIdSchema, timestampSchema } from './common.js';

/**
 * Durable: the summary of a session, sent once when it ends (also for a session a restart cut
 * off, with `end_reason: "fault"`). The same object `nocturne render` prints, plus the envelope.
 */
export const sessionReportSchema = durableEnvelopeSchema.extend({
  session_id: sessionIdSchema,
  started_at: timestampSchema,
  ended_at: timestampSchema,
  duration_s: z.number().nonnegative(),
  end_reason: endReasonSchema,
  baseline_bpm: z.number().positive().nullable().describe('Heart rate over the first minutes'),
  min_bpm: z.number().positive().nullable(),
  calm_point_s: z
    .number()
    .nonnegative()
    .nullable()
    .describe('Heart-rate calm point, seconds from start (a proxy, not sleep onset)'),
  fade_start_s: z.number().nonnegative().nullable().describe('When the fade-out began, seconds from start'),
  valid_pulse_fraction: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe('Share of the session with a valid pulse; null when unknown (a session cut off by a restart)'),
});
export type SessionReport = z.infer<typeof sessionReportSchema>;
