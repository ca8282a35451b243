/**
 * Is a run of beat-to-beat intervals irregular? The indices PPG and ECG atrial-fibrillation
 * screening uses on short recordings: the normalised RMSSD (RMSSD / mean interval; Dash et al.
 * 2009, McManus et al. 2013), computed after trimming the longest and shortest intervals so one
 * ectopic beat and its pause do not count (Dash et al. trim 8 + 8 of 128), and the spread of the
 * successive differences (their median relative to the mean interval), so a single step of the
 * rate (an arousal) does not count either. Both must be high: the rhythm is irregular throughout.
 * An observation of the pulse, never a diagnosis (docs/accuracy.md "Rhythm").
 */

/** Fewer intervals than this (about 8 s at 40 BPM) are not judged. */
export const MIN_RHYTHM_INTERVALS = 5;
/** Normalised RMSSD above which the rhythm is irregular (sinus at rest: 0.02–0.07; AF: 0.2–0.4). */
export const NRMSSD_IRREGULAR = 0.1;
/** Median successive difference over the mean interval above which the scatter is everywhere. */
export const SPREAD_IRREGULAR = 0.06;
/** A window's rhythm is judged only at this signal quality (the unit's trusted-pulse floor). */
export const RHYTHM_MIN_QUALITY = 0.3;
/** Share of intervals trimmed at each end (Dash et al. 2009: 8 of 128), at least one. */
const TRIM_SHARE = 1 / 16;

export interface RhythmIndices {
  /** RMSSD / mean of the trimmed intervals. */
  nrmssd: number;
  /** Median absolute successive difference / mean of the trimmed intervals. */
  spread: number;
  irregular: boolean;
}

/** The rhythm indices of consecutive intervals (ms), or null with too few to judge. */
export function rhythmIndices(intervalsMs: readonly number[]): RhythmIndices | null {
  const n = intervalsMs.length;
  if (n < MIN_RHYTHM_INTERVALS) return null;
  const trim = Math.max(1, Math.round(n * TRIM_SHARE));
  // Drop the `trim` longest and shortest, keep the others in their order.
  const order = [...intervalsMs.keys()].sort(
    (a, b) => (intervalsMs[a] as number) - (intervalsMs[b] as number),
  );
  const dropped = new Set([...order.slice(0, trim), ...order.slice(n - trim)]);
  const kept = intervalsMs.filter((_, i) => !dropped.has(i));
  const mean = kept.reduce((s, v) => s + v, 0) / kept.length;
  const diffs = kept.slice(1).map((v, i) => Math.abs(v - (kept[i] as number)));
  const rmssd = Math.sqrt(diffs.reduce((s, d) => s + d * d, 0) / diffs.length);
  const sorted = [...diffs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianDiff =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  const nrmssd = rmssd / mean;
  const spread = medianDiff / mean;
  return { nrmssd, spread, irregular: nrmssd >= NRMSSD_IRREGULAR && spread >= SPREAD_IRREGULAR };
}

/** Whether consecutive intervals (ms) are irregular; null with too few to judge. */
export function isIrregular(intervalsMs: readonly number[]): boolean | null {
  return rhythmIndices(intervalsMs)?.irregular ?? null;
}
