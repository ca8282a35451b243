import { dbToGain, type StereoBlock } from './format.js';
import { TP_BOUND, TP_LATENCY, TP_PHASES, TP_TAPS } from './true-peak.js';

/** Time the gain takes to come down before a peak: short, so the limiter adds little latency. */
const LOOKAHEAD = 64;
/** Recovery after a peak: slow enough not to pump on soft pads. */
const RELEASE_MS = 250;
const RING = 128;
const LATENCY = TP_LATENCY + LOOKAHEAD - 1;
const MASK = RING - 1;
/** Headroom under the cap for rounding to 16 bits (0.1 dB ≈ 12 LSB at −30 dBFS ≫ ½ LSB). */
export const ROUNDING_HEADROOM_DB = 0.1;

/**
 * A look-ahead true-peak limiter: the last stage before the sink, holding every sample and every
 * inter-sample peak (×4 interpolation) under the ceiling. The gain is the sliding minimum of what
 * each upcoming peak needs, smoothed by a box filter as long as the look-ahead, so it ramps down
 * before the peak arrives and never overshoots; a final clamp makes the sample cap unconditional.
 * Blocks that cannot reach the ceiling skip the interpolation (the common case at bedside levels).
 */
export class TruePeakLimiter {
  private readonly ceiling: number;
  private readonly release: number;
  private readonly ringL = new Float64Array(RING);
  private readonly ringR = new Float64Array(RING);
  /** Index of the next input sample. */
  private n = 0;
  /** Monotonic deque of (index, required gain) for the sliding minimum. */
  private readonly dqIndex = new Float64Array(LOOKAHEAD + 1);
  private readonly dqValue = new Float64Array(LOOKAHEAD + 1);
  private dqHead = 0;
  private dqSize = 0;
  /** Box filter over the last LOOKAHEAD minima. */
  private readonly box = new Float64Array(LOOKAHEAD).fill(1);
  private boxSum = LOOKAHEAD;
  private gain = 1;
  private reductionDb = 0;
  private readonly head = new Float32Array(LATENCY);

  constructor(ceilingDbfs: number) {
    this.ceiling = dbToGain(ceilingDbfs - ROUNDING_HEADROOM_DB);
    this.release = 1 - Math.exp(-1 / (0.001 * RELEASE_MS * 48_000));
  }

  /** Frames between a sample going in and coming out. */
  static readonly latency = LATENCY;

  /** Deepest gain reduction so far, dB (≤ 0): how hard the limiter had to work. */
  get maxReductionDb(): number {
    return this.reductionDb;
  }

  process(block: StereoBlock, frames: number): void {
    const { left, right } = block;
    const c = this.ceiling;
    const peak = Math.max(blockPeak(left, frames), blockPeak(right, frames));
    // Samples still in the ring count too: their interpolation window reaches into this block.
    const quiet = peak * TP_BOUND <= c && this.ringPeak() * TP_BOUND <= c;
    if (quiet && this.idle()) this.passThrough(left, right, frames);
    else this.limit(left, right, frames, quiet);
  }

  /**
   * Nothing to limit and no reduction still in the window: a plain delay (the common case), done
   * with block copies. The ring keeps the last RING inputs, as the sample-by-sample path expects.
   */
  private passThrough(left: Float32Array, right: Float32Array, frames: number): void {
    this.delayBlock(left, this.ringL, frames);
    this.delayBlock(right, this.ringR, frames);
    this.n += frames;
    this.dqSize = 0;
  }

  private delayBlock(x: Float32Array, ring: Float64Array, frames: number): void {
    const n = this.n;
    const delay = LATENCY;
    // The first outputs come from inputs still in the ring: take them before the ring is refreshed.
    const fromRing = Math.min(frames, delay);
    const head = this.head;
    for (let i = 0; i < fromRing; i++) head[i] = n + i < delay ? 0 : (ring[(n + i - delay) & MASK] as number);
    for (let j = Math.max(0, frames - RING); j < frames; j++) ring[(n + j) & MASK] = x[j] as number;
    if (frames > delay) x.copyWithin(delay, 0, frames - delay);
    x.set(head.subarray(0, fromRing), 0);
  }

  private limit(left: Float32Array, right: Float32Array, frames: number, quiet: boolean): void {
    const c = this.ceiling;
    const delay = TruePeakLimiter.latency;
    for (let i = 0; i < frames; i++) {
      const n = this.n++;
      this.ringL[n & MASK] = left[i] as number;
      this.ringR[n & MASK] = right[i] as number;
      const need = quiet ? 1 : this.requiredGain(n - TP_LATENCY, c);
      const hold = this.slidingMin(n, need);
      const slot = n % LOOKAHEAD;
      this.boxSum += hold - (this.box[slot] as number);
      this.box[slot] = hold;
      const smooth = Math.min(1, this.boxSum / LOOKAHEAD);
      this.gain = smooth < this.gain ? smooth : this.gain + (smooth - this.gain) * this.release;
      // The release is asymptotic: within 0.001 dB of unity, be unity (lets the fast path resume).
      if (smooth > 0.999999 && this.gain > 0.9999) this.gain = 1;
      if (this.gain < 1) this.noteReduction();
      const out = n - delay;
      const g = this.gain;
      const l = out < 0 ? 0 : (this.ringL[out & MASK] as number) * g;
      const r = out < 0 ? 0 : (this.ringR[out & MASK] as number) * g;
      left[i] = Math.min(c, Math.max(-c, l));
      right[i] = Math.min(c, Math.max(-c, r));
    }
    // Back to idle once fully recovered: snap the running sum so rounding cannot creep.
    // Rounding in the running sum must not keep the limiter from going idle again.
    if (this.box.every((v) => v === 1)) this.boxSum = LOOKAHEAD;
  }

  /** No gain reduction in force or pending: every value in the window is 1. */
  private idle(): boolean {
    return this.gain === 1 && this.boxSum === LOOKAHEAD;
  }

  /** Gain that keeps sample s and the gap after it (both channels) under the ceiling. */
  private requiredGain(s: number, c: number): number {
    if (s < 0) return 1;
    let tp = Math.max(Math.abs(this.ringL[s & MASK] as number), Math.abs(this.ringR[s & MASK] as number));
    for (const h of TP_PHASES) {
      let vl = 0;
      let vr = 0;
      for (let k = 0; k < TP_TAPS; k++) {
        const j = (s - (TP_LATENCY - 1) + k) & MASK;
        vl += (h[k] as number) * (this.ringL[j] as number);
        vr += (h[k] as number) * (this.ringR[j] as number);
      }
      tp = Math.max(tp, Math.abs(vl), Math.abs(vr));
    }
    return tp > c ? c / tp : 1;
  }

  /** Minimum of the required gains of the last LOOKAHEAD samples. */
  private slidingMin(n: number, value: number): number {
    const cap = LOOKAHEAD + 1;
    while (this.dqSize > 0) {
      const tail = (this.dqHead + this.dqSize - 1) % cap;
      if ((this.dqValue[tail] as number) < value) break;
      this.dqSize--;
    }
    const slot = (this.dqHead + this.dqSize) % cap;
    this.dqIndex[slot] = n;
    this.dqValue[slot] = value;
    this.dqSize++;
    while ((this.dqIndex[this.dqHead] as number) <= n - LOOKAHEAD) {
      this.dqHead = (this.dqHead + 1) % cap;
      this.dqSize--;
    }
    return this.dqValue[this.dqHead] as number;
  }

  private ringPeak(): number {
    let peak = 0;
    for (let j = 0; j < TP_TAPS; j++) {
      const k = (this.n - 1 - j) & MASK;
      peak = Math.max(peak, Math.abs(this.ringL[k] as number), Math.abs(this.ringR[k] as number));
    }
    return peak;
  }

  private noteReduction(): void {
    const db = 20 * Math.log10(this.gain);
    if (db < this.reductionDb) this.reductionDb = db;
  }
}

function blockPeak(x: Float32Array, frames: number): number {
  let max = 0;
  let min = 0;
  for (let i = 0; i < frames; i++) {
    const v = x[i] as number;
    if (v > max) max = v;
    else if (v < min) min = v;
  }
  return Math.max(max, -min);
}
