import type { ProgramConfig, SessionCalibration } from '../../shared/schemas/program-params.js';

/** Tempo range of wind-down music: 60–80 beats per minute (CLINICAL.md:16). */
export const TEMPO_MIN_BPM = 60;
export const TEMPO_MAX_BPM = 80;
/** The iso start tempo when there is no pulse and no stored baseline: inside 60–80 (CLINICAL.md:16). */
export const DEFAULT_START_TEMPO_BPM = 72;
/** No valid beats for this long and the pulse counts as lost (CLINICAL.md:38). */
export const PULSE_LOST_MS = 30_000;
/** Never a hard cap above this, whatever the calibration says (CLINICAL.md:23). */
export const ABSOLUTE_CAP_DBA = 60;
/**
 * Where fades end and fade-ins begin, dB(A) at the pillow: well under the WHO 30 dB(A) night level
 * (CLINICAL.md:24-25) and under a quiet bedroom's own noise, so reaching it and muting is silence.
 */
export const SILENCE_FLOOR_DBA = 20;
/** The fade-in from silence is never shorter than this (DESIGN.md "Safety first"). */
export const MIN_FADE_IN_MS = 10_000;
/** An uncalibrated unit never starts louder or brighter than this (CLINICAL.md:28-29). */
export const UNCALIBRATED_START_DBA = 45;
export const UNCALIBRATED_START_LIGHT = 0.1;
/** Samples for `session/samples`: one every 2 s, matching the heart-rate window step. */
export const SAMPLE_INTERVAL_MS = 2000;
/** Points of the report's downsampled trajectory. */
export const TRAJECTORY_INTERVAL_MS = 30_000;

const MIN = 60_000;

/** What the pure program runs on: durations in ms, levels resolved against the calibration. */
export interface ProgramParams {
  sessionMs: number;
  maxSessionMs: number;
  settleMs: number;
  baselineWindowMs: number;
  baselineSessionWeight: number;
  glideMs: number;
  trendTauMs: number;
  calmMarginBpm: number;
  calmHysteresisBpm: number;
  calmHoldMs: number;
  minQuality: number;
  fadeMs: number;
  fadeInMs: number;
  snoozeMs: number;
  startVolumeDba: number;
  startLight: number;
  volumeStepDb: number;
  lightStep: number;
  volumeRiseDbPerS: number;
  volumeFallDbPerS: number;
  lightSlewPerS: number;
  lightDimFraction: number;
  volumeCapDba: number;
  lightCap: number;
  /** What the report records: the config as run (start levels after the calibration limits). */
  record: { program: ProgramConfig; calibration: SessionCalibration };
}

/**
 * Resolves the config section against the unit's calibration. The cap never exceeds 60 dB(A); an
 * uncalibrated unit starts at no more than 45 dB(A) and 10 % light; start levels stay under the caps.
 */
export function programParams(config: ProgramConfig, calibration: SessionCalibration): ProgramParams {
  const volumeCapDba = Math.min(calibration.volume_cap_dba, ABSOLUTE_CAP_DBA);
  const lightCap = Math.min(1, Math.max(0, calibration.light_cap));
  let startVolumeDba = Math.min(config.start_volume_dba, volumeCapDba);
  let startLight = Math.min(config.start_light, lightCap);
  if (!calibration.calibrated) {
    startVolumeDba = Math.min(startVolumeDba, UNCALIBRATED_START_DBA);
    startLight = Math.min(startLight, UNCALIBRATED_START_LIGHT);
  }
  const program = { ...config, start_volume_dba: startVolumeDba, start_light: startLight };
  return {
    sessionMs: config.session_minutes * MIN,
    maxSessionMs: config.max_session_minutes * MIN,
    settleMs: config.settling_minutes * MIN,
    baselineWindowMs: config.baseline_window_minutes * MIN,
    baselineSessionWeight: config.baseline_session_weight,
    glideMs: config.glide_minutes * MIN,
    trendTauMs: config.trend_seconds * 1000,
    calmMarginBpm: config.calm_margin_bpm,
    calmHysteresisBpm: config.calm_hysteresis_bpm,
    calmHoldMs: config.calm_hold_minutes * MIN,
    minQuality: config.min_quality,
    fadeMs: config.fade_minutes * MIN,
    fadeInMs: Math.max(MIN_FADE_IN_MS, config.fade_in_seconds * 1000),
    snoozeMs: config.snooze_minutes * MIN,
    startVolumeDba,
    startLight,
    volumeStepDb: config.volume_step_db,
    lightStep: config.light_step,
    volumeRiseDbPerS: config.volume_rise_db_per_s,
    volumeFallDbPerS: config.volume_fall_db_per_s,
    lightSlewPerS: config.light_slew_per_s,
    lightDimFraction: config.light_dim_fraction,
    volumeCapDba,
    lightCap,
    record: { program, calibration: { ...calibration, volume_cap_dba: volumeCapDba, light_cap: lightCap } },
  };
}

/** The durations a short demo session scales; safety figures (fade-in, pulse loss, slew) stay. */
const SCALED_KEYS = [
  'settling_minutes',
  'baseline_window_minutes',
  'glide_minutes',
  'calm_hold_minutes',
  'fade_minutes',
  'snooze_minutes',
] as const satisfies readonly (keyof ProgramConfig)[];

/**
 * The config for a session of `minutes`. Within the clinical range (20–90, CLINICAL.md:15) only the
 * length changes; a shorter demo or test session scales every phase with it, so it still shows
 * them all. The report records the scaled values.
 */
export function configForSessionLength(config: ProgramConfig, minutes: number): ProgramConfig {
  if (!(minutes > 0)) throw new RangeError(`session length must be > 0 min, got ${minutes}`);
  const longest = Math.max(config.max_session_minutes, minutes);
  if (minutes >= 20) return { ...config, session_minutes: minutes, max_session_minutes: longest };
  const k = minutes / config.session_minutes;
  const scaled: ProgramConfig = { ...config, session_minutes: minutes };
  for (const key of SCALED_KEYS) scaled[key] = config[key] * k;
  scaled.max_session_minutes = config.max_session_minutes * k;
  return scaled;
}
