import { clamp } from './cie.js';

/**
 * The optional breathing pacer (CLINICAL.md "Breathing pacer"): the light swells on the inhale and
 * ebbs on the longer exhale, the rate easing from ~11 to 6 breaths/min over ~8 minutes.
 */
export interface BreathingPacer {
  /** Breaths per minute at the start (CLINICAL.md: ~11). */
  startBpm: number;
  /** Breaths per minute once the ramp is over (CLINICAL.md: 6). */
  endBpm: number;
  /** How long the rate takes to go from start to end, ms (CLINICAL.md: ~8 min). */
  rampMs: number;
  /** Exhale length over inhale length (CLINICAL.md: ≈ 1.5). */
  exhaleRatio: number;
  /** Level at the end of the exhale, 0..1 perceptual. */
  low: number;
  /** Level at the top of the inhale, 0..1 perceptual (the light's cap still applies). */
  high: number;
}

/** The CLINICAL.md pacer between two levels. */
export function defaultPacer(low: number, high: number): BreathingPacer {
  return { startBpm: 11, endBpm: 6, rampMs: 8 * 60_000, exhaleRatio: 1.5, low, high };
}

/** Breaths completed after `elapsedMs` (the integral of the linearly ramped rate). */
export function breathsAt(elapsedMs: number, p: BreathingPacer): number {
  const t = Math.max(0, elapsedMs);
  const ramp = Math.min(t, p.rampMs);
  const slope = p.rampMs > 0 ? (p.endBpm - p.startBpm) / p.rampMs : 0;
  const duringRamp = p.startBpm * ramp + (slope * ramp * ramp) / 2;
  const afterRamp = p.endBpm * Math.max(0, t - p.rampMs);
  return (duringRamp + afterRamp) / 60_000;
}

/** The pacer's level at `elapsedMs`: a cosine rise over the inhale, a cosine fall over the exhale. */
export function pacerLevel(elapsedMs: number, p: BreathingPacer): number {
  const phase = breathsAt(elapsedMs, p) % 1;
  const inhale = 1 / (1 + p.exhaleRatio);
  const swell =
    phase < inhale
      ? (1 - Math.cos((Math.PI * phase) / inhale)) / 2
      : (1 + Math.cos((Math.PI * (phase - inhale)) / (1 - inhale))) / 2;
  return clamp(p.low + (p.high - p.low) * swell, 0, 1);
}
