import type { StereoBlock } from './format.js';

/**
 * True-peak estimation as ITU-R BS.1770-4 Annex 2 describes it: interpolate ×4 between samples
 * (12-tap Hann-windowed sinc per phase) and take the largest magnitude. Used by the limiter (so
 * no inter-sample peak passes the cap) and by the meters the tests and reports use.
 */
export const TP_TAPS = 12;
/** Taps before the interpolated point: the estimate for the gap after sample s needs x[s+6]. */
export const TP_LATENCY = TP_TAPS / 2;

function phaseCoefficients(p: number): Float64Array {
  const h = new Float64Array(TP_TAPS);
  for (let k = 0; k < TP_TAPS; k++) {
    // Point s + p/4, taps x[s - 5 + k]: distance u = 5 - k + p/4.
    const u = TP_LATENCY - 1 - k + p / 4;
    const sinc = Math.sin(Math.PI * u) / (Math.PI * u);
    h[k] = sinc * 0.5 * (1 + Math.cos((Math.PI * u) / TP_LATENCY));
  }
  return h;
}

/** Coefficients for the three points between two samples (phase 0 is the sample itself). */
export const TP_PHASES: readonly Float64Array[] = [1, 2, 3].map(phaseCoefficients);

/**
 * No interpolated point can exceed the sample peak times this (the largest sum of |coefficient|),
 * so a block whose sample peak is below `ceiling / TP_BOUND` needs no interpolation at all.
 */
export const TP_BOUND = Math.max(...TP_PHASES.map((h) => h.reduce((sum, c) => sum + Math.abs(c), 0)));

/** The largest interpolated magnitude in the gap after `x[s]`, reading x[s-5 … s+6] (zero outside). */
export function gapPeak(x: ArrayLike<number>, s: number): number {
  let peak = 0;
  for (const h of TP_PHASES) {
    let v = 0;
    for (let k = 0; k < TP_TAPS; k++) {
      const j = s - (TP_LATENCY - 1) + k;
      if (j >= 0 && j < x.length) v += (h[k] as number) * (x[j] as number);
    }
    peak = Math.max(peak, Math.abs(v));
  }
  return peak;
}

/** True peak of a whole signal, linear (1 = 0 dBTP). */
export function truePeak(block: StereoBlock): number {
  let peak = 0;
  for (const x of [block.left, block.right]) {
    for (let s = 0; s < x.length; s++) {
      peak = Math.max(peak, Math.abs(x[s] as number), gapPeak(x, s));
    }
  }
  return peak;
}

/** Sample peak of a whole signal, linear. */
export function samplePeak(block: StereoBlock): number {
  let peak = 0;
  for (const x of [block.left, block.right]) {
    for (let i = 0; i < x.length; i++) {
      const a = Math.abs(x[i] as number);
      if (a > peak) peak = a;
    }
  }
  return peak;
}
