/**
 * Timestamps for a stream the device clocks itself (an ADC's data rate, a sensor's FIFO, an
 * oximeter's 60 Hz): sample k is at t0 + k / rate, with the rate and t0 fitted by least squares to
 * when samples arrive on the monotonic clock. A crystal-less ADC runs up to ±10 % off its nominal
 * rate (ADS1115 datasheet); assuming the nominal rate would bias heart rate by as much, and stamping
 * arrival times would add the poll and USB jitter. The fit has neither.
 */
export interface SampleRateFitOptions {
  /** The rate the datasheet promises, Hz: used until enough arrivals are seen. */
  nominalHz: number;
  /** Arrivals older than this leave the fit, ms. */
  windowMs?: number;
  /** Fit only once arrivals span this long, ms. */
  minSpanMs?: number;
  /** The fitted rate may differ from nominal by at most this fraction. */
  maxDeviation?: number;
}

interface Arrival {
  k: number;
  ms: number;
}

export class SampleRateFit {
  private arrivals: Arrival[] = [];
  private next = 0;
  private periodMs: number;
  private originMs: number | undefined;
  private lastStamp = Number.NEGATIVE_INFINITY;
  private fittedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: SampleRateFitOptions) {
    this.periodMs = 1000 / o.nominalHz;
  }

  /** The calibrated rate, Hz. */
  get rateHz(): number {
    return 1000 / this.periodMs;
  }

  /** Samples counted since the last reset. */
  get count(): number {
    return this.next;
  }

  /** Starts over (after unplug, a reset, a gap): the rate learned so far is kept. */
  reset(): void {
    this.arrivals = [];
    this.next = 0;
    this.originMs = undefined;
    this.lastStamp = Number.NEGATIVE_INFINITY;
  }

  /**
   * `n` new samples, the last of them complete by `arrivalMs` (monotonic). Returns their times.
   * `skipped` samples the device dropped before them (FIFO overflow) are counted but not returned.
   */
  take(n: number, arrivalMs: number, skipped = 0): Float64Array {
    const first = this.next + skipped;
    this.next = first + n;
    if (n <= 0) return new Float64Array(0);
    const last = this.next - 1;
    this.arrivals.push({ k: last, ms: arrivalMs });
    const windowMs = this.o.windowMs ?? 60_000;
    while ((this.arrivals[0] as Arrival).ms < arrivalMs - windowMs) this.arrivals.shift();
    if (this.originMs === undefined) this.originMs = arrivalMs - last * this.periodMs;
    if (arrivalMs - this.fittedAt >= 1000) this.fit(arrivalMs);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // Never backwards across a refit: at least half a period after the previous stamp.
      const t = Math.max(
        (this.originMs as number) + (first + i) * this.periodMs,
        this.lastStamp + this.periodMs / 2,
      );
      out[i] = t;
      this.lastStamp = t;
    }
    return out;
  }

  private fit(nowMs: number): void {
    this.fittedAt = nowMs;
    const points = this.arrivals;
    const firstPoint = points[0] as Arrival;
    const lastPoint = points[points.length - 1] as Arrival;
    if (points.length < 3 || lastPoint.ms - firstPoint.ms < (this.o.minSpanMs ?? 5_000)) return;
    let sk = 0;
    let sm = 0;
    for (const p of points) {
      sk += p.k;
      sm += p.ms;
    }
    const mk = sk / points.length;
    const mm = sm / points.length;
    let skk = 0;
    let skm = 0;
    for (const p of points) {
      skk += (p.k - mk) ** 2;
      skm += (p.k - mk) * (p.ms - mm);
    }
    if (skk === 0) return;
    const nominal = 1000 / this.o.nominalHz;
    const limit = this.o.maxDeviation ?? 0.2;
    const period = Math.min(nominal * (1 + limit), Math.max(nominal / (1 + limit), skm / skk));
    this.periodMs = period;
    // Arrivals lag conversions by the read latency; the fit's intercept carries that mean lag.
    this.originMs = mm - mk * period;
  }
}
