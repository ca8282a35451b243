import type { SampleHistory } from './sample-history.js';
import { medianOf } from './stats.js';

/**
 * In an irregular rhythm a pulse after a short filling time is small (down to a third) and rides
 * on the previous pulse's diastolic wave, where the band-pass shrinks it further: such a
 * candidate, dominant in its half beat and at least the ventricle's shortest cycle after the last
 * beat (AF's 0.33 s; diastolic waves and notches come earlier), is a beat from this share of the
 * recent band-passed rises when its raw rise is also at least EARLY_MIN_RAW_RELATIVE of the
 * recent beats'. Noise and wander, which the band-pass removes, rarely pass both.
 */
const EARLY_MIN_RELATIVE = 0.15;
const EARLY_MIN_RAW_RELATIVE = 0.2;
const EARLY_MIN_SINCE_MS = 330;

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

/** The raw rises of the last beats, and the early-pulse rule that compares a candidate with them. */
export class EarlyPulses {
  private readonly rises: Float64Array;
  private readonly scratch: Float64Array;
  private count = 0;

  constructor(private readonly memory: number) {
    this.rises = new Float64Array(memory);
    this.scratch = new Float64Array(memory);
  }

  reset(): void {
    this.count = 0;
  }

  /** A beat was accepted with this raw rise. */
  remember(rawRise: number): void {
    this.rises[this.count++ % this.memory] = rawRise;
  }

  /** Whether a candidate below the usual amplitude floor is a small early pulse (see above). */
  couldBe(rise: number, reference: number, sinceMs: number): boolean {
    return (
      this.count >= this.memory && rise >= EARLY_MIN_RELATIVE * reference && sinceMs >= EARLY_MIN_SINCE_MS
    );
  }

  /** Whether its raw rise is large enough (checked last: it reads the samples). */
  confirms(rawRise: number): boolean {
    return rawRise >= EARLY_MIN_RAW_RELATIVE * medianOf(this.rises, this.memory, this.scratch);
  }
}
