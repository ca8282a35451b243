/**
 * Beat-detection scoring as the field's benchmark does it (Charlton et al. 2022, Physiol. Meas.
 * 43:085007): a detected beat matches a reference beat within ±150 ms, one to one; with an ECG
 * reference the constant pulse-transit lag (0–1 s, 20-ms steps) that maximises matches is
 * removed first. Times in seconds.
 */
export interface BeatScore {
  reference: number;
  detected: number;
  matched: number;
  sensitivity: number;
  ppv: number;
  f1: number;
  lag_s: number;
}

export const MATCH_TOLERANCE_S = 0.15;

/** Number of one-to-one matches within the tolerance (both lists sorted). */
export function countMatches(detected: readonly number[], reference: readonly number[], lagS = 0): number {
  let i = 0;
  let j = 0;
  let matched = 0;
  while (i < detected.length && j < reference.length) {
    const d = (detected[i] as number) - lagS;
    const r = reference[j] as number;
    if (Math.abs(d - r) <= MATCH_TOLERANCE_S) {
      matched++;
      i++;
      j++;
    } else if (d < r) i++;
    else j++;
  }
  return matched;
}

export function scoreBeats(
  detected: readonly number[],
  reference: readonly number[],
  searchLag = true,
): BeatScore {
  let best = { lag: 0, matched: countMatches(detected, reference) };
  if (searchLag) {
    for (let step = 1; step <= 50; step++) {
      const lag = step * 0.02;
      const matched = countMatches(detected, reference, lag);
      if (matched > best.matched) best = { lag, matched };
    }
  }
  const sensitivity = reference.length ? best.matched / reference.length : 0;
  const ppv = detected.length ? best.matched / detected.length : 0;
  const f1 = sensitivity + ppv > 0 ? (2 * sensitivity * ppv) / (sensitivity + ppv) : 0;
  return {
    reference: reference.length,
    detected: detected.length,
    matched: best.matched,
    sensitivity,
    ppv,
    f1,
    lag_s: Math.round(best.lag * 100) / 100,
  };
}
