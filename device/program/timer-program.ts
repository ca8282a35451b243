import type { Phase } from '../../shared/schemas/common.js';

/**
 * The walking skeleton's program: a fixed-length timer profile. Settling, then descending, then a
 * fade to silence and darkness (linear in dB, CLINICAL.md "Session") that ends with the timer.
 * The heart-rate-driven program (issue 7) replaces it behind the same output.
 */
export interface ProgramOutput {
  phase: Phase;
  /** dB(A) at the pillow, or null when silent. */
  volumeDba: number | null;
  /** 0..1 perceptual. */
  light: number;
  tempoBpm: number;
}

export interface TimerProgramParams {
  sessionMs: number;
  /** An uncalibrated unit starts at 45 dB(A) (CLINICAL.md "Sound level"). */
  startVolumeDba: number;
  /** And its light at 10 % perceptual brightness. */
  startLight: number;
  /** Fade in from silence over at least 10 s. */
  fadeInMs: number;
}

export const defaultTimerProgram = {
  sessionMs: 45 * 60_000,
  startVolumeDba: 45,
  startLight: 0.1,
  fadeInMs: 10_000,
} as const satisfies TimerProgramParams;

/** Below this the fade counts as silence: 0 dB(A) is far under the WHO 30 dB(A) night level. */
const SILENCE_DBA = 0;
const SETTLING_END = 0.15;
const FADE_START = 0.7;

export function timerProgramAt(elapsedMs: number, p: TimerProgramParams): ProgramOutput {
  const x = elapsedMs / p.sessionMs;
  if (x >= 1) return { phase: 'ended', volumeDba: null, light: 0, tempoBpm: 60 };
  const tempoBpm = 72 - 12 * Math.min(1, x / FADE_START);
  const fadeIn = Math.min(1, elapsedMs / p.fadeInMs);
  if (x < FADE_START) {
    // Fade in linearly in dB from silence to the start volume.
    const volumeDba = SILENCE_DBA + (p.startVolumeDba - SILENCE_DBA) * fadeIn;
    return { phase: x < SETTLING_END ? 'settling' : 'descending', volumeDba, light: p.startLight, tempoBpm };
  }
  const f = (x - FADE_START) / (1 - FADE_START);
  const volumeDba = p.startVolumeDba + (SILENCE_DBA - p.startVolumeDba) * f;
  return {
    phase: 'fading',
    volumeDba: volumeDba <= SILENCE_DBA ? null : volumeDba,
    light: p.startLight * (1 - f),
    tempoBpm,
  };
}
