/** Length of a statistics block; windows (8 s every 2 s) are made of whole blocks. */
export const BLOCK_MS = 1000;
/** Blocks remembered for the signal's range (what counts as its rails). */
const RANGE_BLOCKS = 4;

/** What one second of signal looked like, for the window quality index. */
export interface SignalBlock {
  /** Block start and end, ms (blocks sit on a 1-s grid from the first sample ever). */
  start: number;
  end: number;
  samples: number;
  /** Samples stuck at the signal's extreme: ADC clipping, saturation, a flat line. */
  railed: number;
  /** Pulses rejected as far too large for the recent pulses: motion. */
  artifacts: number;
  /** Autocorrelation peak of the last seconds, 0..1 (periodic pulse ≈ 1). */
  periodicity: number;
}

/**
 * Accumulates per-sample facts into one-second blocks. A sample is "railed" when it repeats the
 * previous value for a while at the top or bottom of the recent range: a clipped or saturated ADC
 * or a sensor with nothing on it, where peaks carry no timing.
 */
export class BlockAccumulator {
  private readonly minRun: number;
  private readonly highs = new Float64Array(RANGE_BLOCKS).fill(Number.NEGATIVE_INFINITY);
  private readonly lows = new Float64Array(RANGE_BLOCKS).fill(Number.POSITIVE_INFINITY);
  private origin = Number.NaN;
  private index = Number.NaN;
  private samples = 0;
  private railed = 0;
  private artifacts = 0;
  private high = Number.NEGATIVE_INFINITY;
  private low = Number.POSITIVE_INFINITY;
  private last = Number.NaN;
  private run = 0;

  constructor(
    rateHz: number,
    private readonly emit: (block: SignalBlock) => void,
  ) {
    // A top flattened for 50 ms is clipping, not the rounding of a small pulse's crest.
    this.minRun = Math.max(3, Math.round(0.05 * rateHz));
  }

  /** Adds a sample; `periodicity()` is asked only when a block closes. */
  add(t: number, x: number, periodicity: () => number): void {
    if (Number.isNaN(this.origin)) this.origin = t;
    const index = Math.floor((t - this.origin) / BLOCK_MS);
    if (index !== this.index) {
      if (this.samples > 0) this.close(periodicity());
      this.index = index;
    }
    this.samples++;
    if (x > this.high) this.high = x;
    if (x < this.low) this.low = x;
    this.run = x === this.last ? this.run + 1 : 1;
    this.last = x;
    if (this.run >= this.minRun && (x >= this.rangeHigh() || x <= this.rangeLow())) this.railed++;
  }

  /** Forgets everything (the same stretch of signal will be fed again). */
  reset(): void {
    this.origin = Number.NaN;
    this.index = Number.NaN;
    this.samples = 0;
    this.railed = 0;
    this.artifacts = 0;
    this.high = Number.NEGATIVE_INFINITY;
    this.low = Number.POSITIVE_INFINITY;
    this.highs.fill(Number.NEGATIVE_INFINITY);
    this.lows.fill(Number.POSITIVE_INFINITY);
    this.last = Number.NaN;
    this.run = 0;
  }

  artifact(): void {
    this.artifacts++;
  }

  /** Closes the block in progress (end of a recording). */
  flush(periodicity: number): void {
    if (this.samples > 0) this.close(periodicity);
  }

  private close(periodicity: number): void {
    const start = this.origin + this.index * BLOCK_MS;
    this.emit({
      start,
      end: start + BLOCK_MS,
      samples: this.samples,
      railed: this.railed,
      artifacts: this.artifacts,
      periodicity,
    });
    const slot = ((this.index % RANGE_BLOCKS) + RANGE_BLOCKS) % RANGE_BLOCKS;
    this.highs[slot] = this.high;
    this.lows[slot] = this.low;
    this.samples = 0;
    this.railed = 0;
    this.artifacts = 0;
    this.high = Number.NEGATIVE_INFINITY;
    this.low = Number.POSITIVE_INFINITY;
  }

  private rangeHigh(): number {
    let h = this.high;
    for (let i = 0; i < RANGE_BLOCKS; i++) h = Math.max(h, this.highs[i] as number);
    return h;
  }

  private rangeLow(): number {
    let l = this.low;
    for (let i = 0; i < RANGE_BLOCKS; i++) l = Math.min(l, this.lows[i] as number);
    return l;
  }
}
