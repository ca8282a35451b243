import { z } from 'zod';

/**
 * The wind-down program's parameters: the `program` section of the unit config, and what every
 * session report carries so the session can be reproduced (CLINICAL.md:10-11 — the field lacks
 * standard protocols, so every session is fully parameterised and logged). Defaults cite the
 * line of ../shared/CLINICAL.md they come from; docs/program.md explains each one.
 */
const minutes = (min: number, max: number, fallback: number) =>
  z.number().min(min).max(max).default(fallback);

/** At least this much of the session lies between settling and the final fade. */
export const MIN_DESCENDING_MINUTES = 5;

const programConfigObject = z
  .object({
    /** Session length: 45 min typical, configurable 20–90 (CLINICAL.md:14-15). */
    session_minutes: minutes(20, 90, 45).describe('Session length on the program clock (snoozes excluded)'),
    /** Hard bound on the wall time of a session, snoozes included (DESIGN.md "Safety first"). */
    max_session_minutes: minutes(30, 180, 120).describe('Wall-time bound of a session, snoozes included'),
    /** Iso start: the tempo stays near the measured heart rate this long (CLINICAL.md:17-18). */
    settling_minutes: minutes(1, 10, 3).describe('Iso phase: tempo held near the heart rate'),
    /** The patient's own baseline: the first minutes of the session (CLINICAL.md:33-34). */
    baseline_window_minutes: minutes(1, 10, 3).describe('Heart-rate window for tonight’s baseline'),
    /** ...blended with past sessions (CLINICAL.md:33-34); 0 = past sessions only, 1 = tonight only. */
    baseline_session_weight: z.number().min(0).max(1).default(0.5).describe('Weight of tonight’s baseline'),
    /** Tempo moves gradually towards 60 BPM (CLINICAL.md:17-18). */
    glide_minutes: minutes(5, 60, 20).describe('Tempo glide from the iso tempo to 60 BPM'),
    /** A smoothed trend, not one threshold (CLINICAL.md:33-35): EMA time constant. */
    trend_seconds: z.number().min(10).max(300).default(60).describe('Heart-rate trend time constant'),
    /**
     * How far below the baseline the trend must fall for a calm point (CLINICAL.md:32-35). 6 BPM:
     * the simulated typical sleeper (a 12-BPM fall) reaches it, the blunted insomnia fall rarely
     * does (docs/program.md "Calm point").
     */
    calm_margin_bpm: z
      .number()
      .min(2)
      .max(20)
      .default(6)
      .describe('Calm point: trend this far below baseline'),
    /** Hysteresis (CLINICAL.md:34): a calm candidate survives until the trend rises this far above the margin. */
    calm_hysteresis_bpm: z
      .number()
      .min(0.5)
      .max(10)
      .default(2)
      .describe('Hysteresis above the calm threshold'),
    /** ...and stayed there this long (CLINICAL.md:34). */
    calm_hold_minutes: minutes(1, 15, 3).describe('Calm point: how long the trend must stay down'),
    /** Estimates below this quality count as no pulse (CLINICAL.md:38-39). */
    min_quality: z.number().min(0.1).max(0.95).default(0.5).describe('Lowest trusted heart-rate quality'),
    /** The final fade to silence, linear in dB (CLINICAL.md:20, 24-25). */
    fade_minutes: minutes(1, 15, 5).describe('Final fade to silence and darkness'),
    /** Fade in from silence, at least 10 s (DESIGN.md "Safety first"). */
    fade_in_seconds: z.number().min(10).max(60).default(15).describe('Fade-in from silence'),
    snooze_minutes: minutes(1, 30, 10).describe('Length of a snooze (pause) from the button'),
    /** An uncalibrated unit starts at 45 dB(A) (CLINICAL.md:28); never above the cap. */
    start_volume_dba: z.number().min(30).max(60).default(45).describe('Start volume, dB(A) at the pillow'),
    /** ...and its light at 10 % perceptual brightness (CLINICAL.md:28-29). */
    start_light: z.number().min(0).max(1).default(0.1).describe('Start light level, 0..1 perceptual'),
    volume_step_db: z.number().min(0.5).max(6).default(2).describe('Louder/quieter button step, dB'),
    light_step: z.number().min(0.01).max(0.2).default(0.05).describe('Brighter/dimmer button step'),
    /** Slew limits: stable dynamics, no sudden changes (CLINICAL.md:16). */
    volume_rise_db_per_s: z.number().min(0.5).max(6).default(3).describe('Fastest volume rise, dB/s'),
    volume_fall_db_per_s: z
      .number()
      .min(1)
      .max(40)
      .default(10)
      .describe('Fastest automatic volume fall, dB/s'),
    light_slew_per_s: z.number().min(0.005).max(0.5).default(0.05).describe('Fastest light change, per s'),
    /** The light dims towards sleep levels during the glide (CLINICAL.md:44), along L* (CLINICAL.md:46). */
    light_dim_fraction: z.number().min(0.1).max(1).default(0.5).describe('Light level at glide end, × start'),
  })
  .strict();

export const programConfigSchema = programConfigObject.superRefine((p, ctx) => {
  if (p.baseline_window_minutes > p.settling_minutes) {
    ctx.addIssue({
      code: 'custom',
      path: ['baseline_window_minutes'],
      message: `must not exceed settling_minutes (${p.settling_minutes})`,
    });
  }
  if (p.max_session_minutes < p.session_minutes) {
    ctx.addIssue({
      code: 'custom',
      path: ['max_session_minutes'],
      message: `must be at least session_minutes (${p.session_minutes})`,
    });
  }
  if (p.settling_minutes + p.fade_minutes + MIN_DESCENDING_MINUTES > p.session_minutes) {
    ctx.addIssue({
      code: 'custom',
      path: ['fade_minutes'],
      message: `settling_minutes + fade_minutes must leave ${MIN_DESCENDING_MINUTES} min of session_minutes (${p.settling_minutes} + ${p.fade_minutes} + ${MIN_DESCENDING_MINUTES} > ${p.session_minutes})`,
    });
  }
});

type ProgramKey = keyof typeof programConfigObject.shape;

/**
 * The parameters as a report carries them: the same keys, any finite number. A report records what
 * ran, and a short demo or render session runs with durations scaled below the config ranges.
 */
export const programParamsRecordSchema = z.object(
  Object.fromEntries(
    Object.keys(programConfigObject.shape).map((key) => [key, z.number().finite()]),
  ) as Record<ProgramKey, z.ZodNumber>,
);

export type ProgramConfig = z.infer<typeof programConfigSchema>;

/** Every default, as the schema fills them in. */
export const defaultProgramConfig: ProgramConfig = Object.freeze(programConfigSchema.parse({}));

/** The calibration a session ran with (CLINICAL.md:26-29), as reports carry it. */
export const sessionCalibrationSchema = z.object({
  calibrated: z.boolean(),
  dba_at_0dbfs: z.number().describe('dB(A) at the pillow for a 0 dBFS signal'),
  volume_cap_dba: z.number().max(60),
  light_cap: z.number().min(0).max(1),
});
export type SessionCalibration = z.infer<typeof sessionCalibrationSchema>;
