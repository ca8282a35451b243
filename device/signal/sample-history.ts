/**
 * The last few seconds of samples, addressed by a running sample number: raw value, band-passed
 * value and smoothed time. Typed arrays, written in place; the detector looks back into it to
 * measure a pulse's rise, refine its peak and cut out its shape.
 */
export class SampleHistory {
  readonly raw: Float64Array;
  readonly filtered: Float64Array;
  readonly time: Float64Array;
  private readonly mask: number;
  /** Number of the next sample to be written; samples `count - capacity .. count - 1` are held. */
  count = 0;

  constructor(minCapacity: number) {
    let capacity = 16;
    while (capacity < minCapacity) capacity *= 2;
    this.raw = new Float64Array(capacity);
    this.filtered = new Float64Array(capacity);
    this.time = new Float64Array(capacity);
    this.mask = capacity - 1;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  push(raw: number, filtered: number, time: number): void {
    const i = this.count & this.mask;
    this.raw[i] = raw;
    this.filtered[i] = filtered;
    this.time[i] = time;
    this.count++;
  }

  /** Oldest sample number still held. */
  oldest(): number {
    return Math.max(0, this.count - this.capacity);
  }

  rawAt(n: number): number {
    return this.raw[n & this.mask] as number;
  }

  filteredAt(n: number): number {
    return this.filtered[n & this.mask] as number;
  }

  timeAt(n: number): number {
    return this.time[n & this.mask] as number;
  }

  /** Time at a fractional sample number, interpolated between its neighbours. */
  timeAtFraction(n: number): number {
    const i = Math.floor(n);
    const frac = n - i;
    const t0 = this.timeAt(i);
    return frac === 0 ? t0 : t0 + frac * (this.timeAt(i + 1) - t0);
  }

  /** Raw value averaged over `halfWidth` samples either side (light centred smoothing against noise). */
  smoothedRawAt(n: number, halfWidth: number): number {
    if (halfWidth === 0) return this.rawAt(n);
    let sum = 0;
    for (let j = n - halfWidth; j <= n + halfWidth; j++) sum += this.rawAt(j);
    return sum / (2 * halfWidth + 1);
  }

  /** Band-passed value at a fractional sample number (linear interpolation). */
  filteredAtFraction(n: number): number {
    const i = Math.floor(n);
    const frac = n - i;
    const y0 = this.filteredAt(i);
    return frac === 0 ? y0 : y0 + frac * (this.filteredAt(i + 1) - y0);
  }
}
