import type { SampleHistory } from './sample-history.js';

/** A systolic upstroke lasts under 0.25 s: the raw foot is looked for that far before the peak. */
const FOOT_SEARCH_S = 0.25;

/**
 * Rise of a pulse on the raw signal: its highest (lightly smoothed) point within `reach` samples
 * of `centre`, minus the lowest point in the quarter second before that. The band-pass shrinks a
 * small pulse that starts on the previous pulse's falling diastolic wave (its upstroke adds to the
 * filtered decay) to a fraction of its size; the raw signal keeps it. Samples before `floor` are
 * not read.
 */
export function rawRiseAt(
  h: SampleHistory,
  centre: number,
  reach: number,
  rateHz: number,
  floor: number,
  halfWidth: number,
): number {
  const first = Math.max(floor + halfWidth, centre - reach);
  const last = Math.min(h.count - 1 - halfWidth, centre + reach);
  if (last < first) return 0;
  let peak = first;
  let top = Number.NEGATIVE_INFINITY;
  for (let k = first; k <= last; k++) {
    const v = h.smoothedRawAt(k, halfWidth);
    if (v > top) {
      top = v;
      peak = k;
    }
  }
  let foot = top;
  const stop = Math.max(floor + halfWidth, peak - Math.round(FOOT_SEARCH_S * rateHz));
  for (let k = peak - 1; k >= stop; k--) foot = Math.min(foot, h.smoothedRawAt(k, halfWidth));
  return top - foot;
}
