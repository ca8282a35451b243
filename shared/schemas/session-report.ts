import { z } from 'zod';
import {
  durableEnvelopeSchema,
  endReasonSchema,
  faultSchema,
  phaseSchema,
  sessionIdSchema,
  startTriggerSchema,
  timestampSchema,
} from './common.js';
import { programParamsRecordSchema, sessionCalibrationSchema } from './program-params.js';
import { protocolStampSchema } from './protocol.js';

const atS = z.number().nonnegative().describe('Seconds from the session start');
const bpm = z.number().min(20).max(250);
const span = z.object({ start_s: atS, end_s: atS });

const buttonCountsSchema = z.object({
  start_stop: z.number().int().nonnegative(),
  snooze: z.number().int().nonnegative(),
  louder: z.number().int().nonnegative(),
  quieter: z.number().int().nonnegative(),
  brighter: z.number().int().nonnegative(),
  dimmer: z.number().int().nonnegative(),
});

/** One point of the downsampled trajectory: what played, beside the heart-rate trend. */
export const trajectoryPointSchema = z.object({
  t_s: atS,
  tempo_bpm: z.number().min(30).max(120),
  volume_dba: z.number().max(60).nullable().describe('null when silent'),
  light: z.number().min(0).max(1),
  trend_bpm: bpm.nullable(),
});

/** What made the sound: the generative engine (with its preset) or the patient's playlist. */
export const musicParamsSchema = z.object({
  source: z.enum(['generative', 'playlist', 'none']),
  preset: z.string().max(64).nullable(),
});

/** Where the heart rate came from: the unit's sensor, the simulated patient, or a recorded trace. */
export const heartRateInputSchema = z.object({
  source: z.enum(['sensor', 'simulated', 'trace']),
  profile: z.string().max(64).nullable().describe('Simulated patient profile'),
  trace_file: z.string().max(500).nullable().describe('Recorded trace (`nocturne render --hr-csv`)'),
});

/**
 * The session summary: what `nocturne render` prints and `session/report` carries (with the
 * envelope). It says how the session ran and ended, and holds every parameter it ran with, so it
 * can be reproduced. The heart-rate calm point is a proxy, never sleep onset (CLINICAL.md:36-37).
 */
export const sessionReportBodySchema = z.object({
  session_id: sessionIdSchema,
  started_at: timestampSchema,
  ended_at: timestampSchema,
  duration_s: z.number().nonnegative().describe('Wall time from start to end, snoozes included'),
  planned_s: z.number().positive().describe('Configured session length'),
  trigger: startTriggerSchema,
  end_reason: endReasonSchema,
  end_detail: z.string().max(200).describe('Why the session ended, in words'),
  phases: z
    .array(z.object({ phase: phaseSchema, at_s: atS, reason: z.string().max(200) }))
    .max(500)
    .describe('Every phase change, with its reason'),
  paused_s: z.number().nonnegative().describe('Time spent snoozed'),
  snoozes: z.array(span).max(200),
  baseline_bpm: bpm.nullable().describe('The baseline the calm point was judged against'),
  baseline_session_bpm: bpm.nullable().describe('Tonight’s part: median over the baseline window'),
  baseline_stored_bpm: bpm.nullable().describe('Past sessions’ part'),
  min_bpm: bpm.nullable().describe('Lowest smoothed heart rate'),
  calm_point_s: atS.nullable().describe('Heart-rate calm point (a proxy, not sleep onset); null if none'),
  calm_withdrawn_s: z
    .array(atS)
    .max(100)
    .describe('Calm points withdrawn because the patient pressed a button'),
  fade_start_s: atS.nullable().describe('Start of the final fade; null if the session stopped before it'),
  fade_cause: z.enum(['calm', 'timer']).nullable(),
  hr_slope_bpm_per_min: z.number().nullable().describe('Least-squares slope of the valid heart rate'),
  valid_pulse_fraction: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe('Share of the session with a trusted pulse; null when unknown (session cut off by a restart)'),
  rhythm_irregularity: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .optional()
    .describe(
      'Share of the judged heart-rate windows whose pulse was irregular (docs/accuracy.md "Rhythm"); ' +
        'null when none was judged. An observation, not a diagnosis: an irregular pulse was measured; ' +
        'not a medical device; consider a clinical review',
    ),
  pulse_gaps: z
    .array(span)
    .max(1000)
    .describe('Pulse lost: no valid beats for 30 s or more (CLINICAL.md:38-39)'),
  volume_cap_dba: z.number().max(60),
  volume_cap_dbfs: z.number().max(0),
  volume_peak_dba: z.number().max(60).nullable().describe('Highest level the program commanded'),
  peak_dbfs: z
    .number()
    .max(0)
    .nullable()
    .describe('Sample peak of the audio as played; null when not measured'),
  seed: z
    .union([z.string().max(100), z.number()])
    .nullable()
    .describe('Seed of the music and simulation'),
  params: z.object({
    program: programParamsRecordSchema,
    calibration: sessionCalibrationSchema,
    music: musicParamsSchema.optional(),
    heart_rate: heartRateInputSchema.optional(),
  }),
  protocol: protocolStampSchema.optional().describe('The protocol the session ran'),
  trajectory: z.array(trajectoryPointSchema).max(2000).describe('Downsampled: tempo, volume, light, trend'),
  buttons: buttonCountsSchema,
  faults: z.array(faultSchema).max(50),
});
export type SessionReportBody = z.infer<typeof sessionReportBodySchema>;

/** Durable: the session summary at the end. */
export const sessionReportSchema = durableEnvelopeSchema.extend(sessionReportBodySchema.shape);
export type SessionReport = z.infer<typeof sessionReportSchema>;
