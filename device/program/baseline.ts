/**
 * The patient's own baseline (CLINICAL.md:32-35): the median of tonight's trusted heart rate over
 * the first minutes, blended with the baseline stored from past sessions.
 */
export interface Baseline {
  /** Trusted heart rates seen in the baseline window. */
  values: readonly number[];
  /** Time covered by those estimates. */
  validMs: number;
  sessionBpm: number | null;
  storedBpm: number | null;
  /** What the calm point is judged against; null until decided, or when there is nothing to go on. */
  bpm: number | null;
  decided: boolean;
}

/** Tonight's part counts only if the pulse covered at least this share of the window. */
const MIN_COVERAGE = 1 / 3;
const MIN_VALUES = 3;

export function emptyBaseline(storedBpm: number | null): Baseline {
  return { values: [], validMs: 0, sessionBpm: null, storedBpm, bpm: null, decided: false };
}

export function addToBaseline(b: Baseline, bpm: number, coveredMs: number): Baseline {
  return { ...b, values: [...b.values, bpm], validMs: b.validMs + coveredMs };
}

/** Closes the window: tonight's median (if the pulse covered enough of it) blended with the stored one. */
export function decideBaseline(b: Baseline, windowMs: number, sessionWeight: number): Baseline {
  const enough = b.values.length >= MIN_VALUES && b.validMs >= windowMs * MIN_COVERAGE;
  const sessionBpm = enough ? median(b.values) : null;
  let bpm: number | null = null;
  if (sessionBpm !== null && b.storedBpm !== null)
    bpm = sessionWeight * sessionBpm + (1 - sessionWeight) * b.storedBpm;
  else bpm = sessionBpm ?? b.storedBpm;
  return { ...b, sessionBpm, bpm, decided: true };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
