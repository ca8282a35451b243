/** Rate the band-passed signal is kept at for the autocorrelation (its content is below 8 Hz). */
const TARGET_HZ = 25;
/** Seconds of signal the autocorrelation looks at: two periods even at 30 BPM. */
export const WINDOW_S = 5;
/** Plausible beat periods (30–200 BPM, CLINICAL/issue limits). */
const MIN_PERIOD_S = 0.3;
const MAX_PERIOD_S = 2;

/**
 * The dominant pulse period of the last few seconds, from the normalised autocorrelation of the
 * band-passed signal (kept at ~25 Hz). It seeds the detector before any interval is known and
 * gives a periodicity index for the signal quality. Computed on demand, a few thousand
 * multiply-adds, with no allocation.
 */
export class PeriodEstimator {
  private readonly step: number;
  private readonly ring: Float64Array;
  private readonly lags: Float64Array;
  private readonly stepS: number;
  private written = 0;
  private phase = 0;
  /** Best period found at the last `estimate()`, seconds (NaN when none) and its correlation. */
  periodS = Number.NaN;
  periodicity = 0;

  constructor(rateHz: number) {
    this.step = Math.max(1, Math.round(rateHz / TARGET_HZ));
    this.stepS = this.step / rateHz;
    this.ring = new Float64Array(Math.ceil(WINDOW_S / this.stepS));
    this.lags = new Float64Array(Math.ceil(MAX_PERIOD_S / this.stepS) + 2);
  }

  push(filtered: number): void {
    if (++this.phase < this.step) return;
    this.phase = 0;
    this.ring[this.written % this.ring.length] = filtered;
    this.written++;
  }

  reset(): void {
    this.written = 0;
    this.phase = 0;
    this.periodS = Number.NaN;
    this.periodicity = 0;
    this.computedFrom = 0;
    this.computedTo = 0;
  }

  /**
   * Autocorrelation at a lag of `periodS` seconds from the last `estimate()`; NaN when that lag was
   * not computed (too few samples yet to tell whether the signal repeats there).
   */
  correlationAt(periodS: number): number {
    const lag = periodS / this.stepS;
    const i = Math.floor(lag);
    if (!(this.computedTo > i && i >= this.computedFrom)) return Number.NaN;
    const frac = lag - i;
    return (this.lags[i] as number) * (1 - frac) + (this.lags[i + 1] as number) * frac;
  }

  private computedFrom = 0;
  private computedTo = 0;

  /** Recomputes `periodS` and `periodicity` from the samples held. */
  estimate(): void {
    const n = Math.min(this.written, this.ring.length);
    const minLag = Math.max(2, Math.floor(MIN_PERIOD_S / this.stepS));
    const maxLag = Math.min(this.lags.length - 2, Math.floor(MAX_PERIOD_S / this.stepS), n - minLag);
    this.periodS = Number.NaN;
    this.periodicity = 0;
    this.computedFrom = 0;
    this.computedTo = 0;
    if (maxLag <= minLag + 1) return;
    this.computedFrom = minLag - 1;
    this.computedTo = maxLag + 1;
    const start = this.written - n;
    const len = this.ring.length;
    for (let lag = minLag - 1; lag <= maxLag + 1; lag++) {
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let i = start; i + lag < this.written; i++) {
        const x = this.ring[i % len] as number;
        const y = this.ring[(i + lag) % len] as number;
        sxy += x * y;
        sxx += x * x;
        syy += y * y;
      }
      this.lags[lag] = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
    }
    // The shortest lag whose local maximum is within 10 % of the best: a beat, not a multiple of it.
    let best = 0;
    for (let lag = minLag; lag <= maxLag; lag++) best = Math.max(best, this.lags[lag] as number);
    if (best <= 0) return;
    for (let lag = minLag; lag <= maxLag; lag++) {
      const r = this.lags[lag] as number;
      if (r >= 0.9 * best && r >= (this.lags[lag - 1] as number) && r >= (this.lags[lag + 1] as number)) {
        const left = this.lags[lag - 1] as number;
        const right = this.lags[lag + 1] as number;
        const curvature = left - 2 * r + right;
        const offset = curvature < 0 ? (0.5 * (left - right)) / curvature : 0;
        this.periodS = (lag + offset) * this.stepS;
        this.periodicity = r;
        return;
      }
    }
  }
}
