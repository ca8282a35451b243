/** Time from a pulse's foot to its systolic peak, s (fingertip PPG at rest). */
export const SYSTOLIC_PEAK_S = 0.14;

/**
 * One fingertip pulse, peak ≈ 1, at `tau` seconds after its foot for a beat period of `rrS`
 * seconds: a fast-rising systolic wave and a reflected diastolic wave, with the dicrotic notch
 * between them (the two-Gaussian pulse model used in PPG simulation, e.g. Tang et al. 2020). The
 * reflected wave comes a little earlier at fast rates, as ejection shortens.
 */
export function pulseShape(tau: number, rrS: number): number {
  if (tau < -0.3 || tau > 1.2) return 0;
  const d = tau - SYSTOLIC_PEAK_S;
  const systolic = Math.exp(-(d * d) / (2 * (d < 0 ? RISE_S : FALL_S) ** 2));
  const diastolicAt = SYSTOLIC_PEAK_S + 0.25 * Math.min(1.1, Math.max(0.75, rrS / 0.85));
  const e = tau - diastolicAt;
  return systolic + DIASTOLIC_HEIGHT * Math.exp(-(e * e) / (2 * DIASTOLIC_WIDTH_S ** 2));
}

const RISE_S = 0.045;
const FALL_S = 0.07;
const DIASTOLIC_HEIGHT = 0.5;
const DIASTOLIC_WIDTH_S = 0.07;
