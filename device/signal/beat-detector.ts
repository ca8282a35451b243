import type { Beat } from './beat.js';
import { Biquad } from './biquad.js';
import { DetectorRhythm } from './detector-rhythm.js';
import { EarlyPulses, rawRiseAt } from './early-pulse.js';
import { WINDOW_S as PERIOD_WINDOW_S, PeriodEstimator } from './period-estimator.js';
import { PulseTemplate } from './pulse-template.js';
import { SampleHistory } from './sample-history.js';
import { BlockAccumulator, type SignalBlock } from './signal-blocks.js';
import { StampSmoother } from './stamp-smoother.js';
import { medianOf } from './stats.js';

/**
 * Band-pass that keeps the systolic upstroke and drops baseline wander and noise: Elgendi 2013's
 * 0.5 Hz high-pass; the low-pass at 6 Hz keeps the pulse's first two harmonics up to 180 BPM
 * and drops more of the broadband noise of cheap sensors than 8 Hz would.
 */
const HIGH_PASS_HZ = 0.5;
const LOW_PASS_HZ = 6;
/** Seconds of samples kept: a rise is looked for up to 2 s back (30 BPM). */
const HISTORY_S = 4;
const RISE_LOOKBACK_S = 2;
/** A pulse smaller than this share of the recent pulses is not a beat (notch, noise). */
const MIN_RELATIVE_AMPLITUDE = 0.3;
/** Where a beat is due (this share of the expected period has passed), a weaker pulse is a beat. */
const DUE_FRACTION = 0.75;
const MIN_RELATIVE_AMPLITUDE_DUE = 0.15;
/** A pulse larger than this many times the recent pulses is an artifact (motion). */
const MAX_RELATIVE_AMPLITUDE = 3.5;
/** Pulses whose amplitudes are compared: the last beats accepted. */
const AMPLITUDE_MEMORY = 8;
/** Consecutive regular, alike pulses outside the accepted range that re-learn the amplitude. */
const RELEARN_PULSES = 4;
/**
 * Beats before the amplitude reference is trusted to call a pulse an artifact: the first pulses
 * of a recording may be the filter settling or noise ahead of the pulse, so until then a far
 * larger pulse starts the learning again instead of being rejected.
 */
const LEARNING_BEATS = 3;
/** Correlation with the template a pulse needs amid motion (where a swing can look like a pulse). */
const MOTION_MIN_SHAPE = 0.8;
/** Beats cannot be closer than this (240 BPM): a guard under the physiological 200 BPM. */
const MIN_BEAT_SPACING_MS = 250;
/** Plausible beat-to-beat intervals for the detector's own rhythm estimate (30–200 BPM). */
const MIN_IBI_MS = 300;
const MAX_IBI_MS = 2000;
/** Rhythm assumed before anything is known (80 BPM). */
const DEFAULT_IBI_MS = 750;
/** In an irregular rhythm the signal's period overrides the beats' only when this periodic. */
const IRREGULAR_PERIODICITY = 0.55;
const IRREGULAR_MAX_RATIO = 2.2;
const IRREGULAR_MAX_AT_BEATS = -0.1;

export interface BeatDetectorListeners {
  beat(beat: Beat): void;
  block?(block: SignalBlock): void;
}

/** Candidate pulse peaks (local maxima of the band-passed signal), in a small ring. */
const CANDIDATES = 64;
const Status = { Small: 1, Artifact: 2, Beat: 3 } as const;

/**
 * Streaming PPG beat detector. Feed samples (any rate 25–500 Hz, jittery stamps); beats come out
 * about half a beat after their systolic peak.
 *
 * How (the parts taken from the published detectors):
 * - band-pass 0.5–6 Hz, causal (Elgendi 2013 used 0.5–8 Hz; why the low-pass corner is at 6 Hz
 *   is at LOW_PASS_HZ), with the raw samples kept for timing;
 * - every local maximum is a candidate, measured by its rise from the lowest point since a higher
 *   sample (its left prominence: a dicrotic or diastolic wave rises from the notch, the systolic
 *   wave from the foot);
 * - a candidate is a beat only if no candidate within half a beat period either side rises more —
 *   the scale-free rule behind MSPTD (Bishop & Ercole 2018), with the period from recent intervals
 *   or the signal's autocorrelation — and its rise is within 0.3–3.5× the median of the last
 *   beats (adaptive threshold as in qppg/HeartPy; too large means motion);
 * - the amplitude reference is learned from the first three beats (a far larger pulse restarts
 *   the learning) and re-learns only from a run of regular, alike pulses, so noise and motion
 *   cannot teach it; within two beats of motion a beat must also look like the template;
 * - the peak time is refined on the raw signal (centred smoothing and a parabola), so it does not
 *   carry the causal filter's delay;
 * - each pulse's shape is matched with a running template (quality index).
 */
export class BeatDetector {
  private readonly stamps: StampSmoother;
  private readonly highPass: Biquad;
  private readonly lowPass: Biquad;
  private readonly history: SampleHistory;
  private readonly period: PeriodEstimator;
  private readonly template = new PulseTemplate();
  private readonly blocks: BlockAccumulator;
  private readonly riseLookback: number;
  /** Delay of the band-pass at pulse frequencies, samples: where to look for the raw peak. */
  private readonly filterDelay: number;
  private readonly smoothHalfWidth: number;

  private readonly candN = new Float64Array(CANDIDATES);
  private readonly candT = new Float64Array(CANDIDATES);
  private readonly candRise = new Float64Array(CANDIDATES);
  private candCount = 0;
  private candPending = 0;

  private readonly amplitudes = new Float64Array(AMPLITUDE_MEMORY);
  private amplitudeCount = 0;
  /** Small early pulses of an irregular rhythm (`early-pulse.ts`). */
  private readonly early = new EarlyPulses(AMPLITUDE_MEMORY);
  private readonly ibis = new Float64Array(AMPLITUDE_MEMORY);
  private ibiCount = 0;
  private readonly scratch = new Float64Array(AMPLITUDE_MEMORY * 2);
  /** Recent dominant pulses outside the accepted range: time, rise and kind (for re-learning). */
  private readonly outlierT = new Float64Array(RELEARN_PULSES);
  private readonly outlierRise = new Float64Array(RELEARN_PULSES);
  private outlierCount = 0;
  private outlierKind = 0;

  private stretchStart = 0;
  private lastBeatT = Number.NaN;
  /** The rhythm as the detector judges it: when irregular it has no period to lean on. */
  private readonly rhythm = new DetectorRhythm();
  private lastX = Number.NaN;
  /** Time of the newest sample, and of the last pulse rejected as an artifact (motion), ms. */
  private lastTime = Number.NaN;
  private lastArtifactT = Number.NEGATIVE_INFINITY;
  /** Smallest step seen between samples: the ADC's resolution, below which nothing is a pulse. */
  private quantum = Number.POSITIVE_INFINITY;

  constructor(
    readonly rateHz: number,
    private readonly listeners: BeatDetectorListeners,
  ) {
    this.stamps = new StampSmoother(rateHz);
    this.highPass = Biquad.highPass(HIGH_PASS_HZ, rateHz);
    this.lowPass = Biquad.lowPass(LOW_PASS_HZ, rateHz);
    this.history = new SampleHistory(Math.ceil(HISTORY_S * rateHz));
    this.period = new PeriodEstimator(rateHz);
    this.blocks = new BlockAccumulator(rateHz, (block) => this.listeners.block?.(block));
    this.riseLookback = Math.round(RISE_LOOKBACK_S * rateHz);
    this.filterDelay = bandPassDelaySamples(rateHz);
    this.smoothHalfWidth = Math.floor(0.015 * rateHz);
  }

  /** Feeds one sample: `t` in ms (may jitter), `x` larger = more blood volume. */
  push(t: number, x: number): void {
    const time = this.stamps.next(t);
    this.lastTime = time;
    if (this.stamps.restarted()) this.restart(x);
    const step = Math.abs(x - this.lastX);
    if (step > 0 && step < this.quantum) this.quantum = step;
    this.lastX = x;

    const y = this.lowPass.process(this.highPass.process(x));
    this.history.push(x, y, time);
    this.period.push(y);
    this.blocks.add(time, x, () => this.periodicity());

    const n = this.history.count - 1;
    if (n - this.stretchStart >= 2) {
      const peak = this.history.filteredAt(n - 1);
      if (peak > this.history.filteredAt(n - 2) && peak >= y) this.addCandidate(n - 1);
    }
    this.decidePending(time);
  }

  /**
   * Decides the candidates whose look-ahead has passed by `time`; at the end of a recording
   * (`final`), all of them, those cut short only where a beat is due (nothing after them shows
   * whether a larger pulse was coming).
   */
  private decidePending(time: number, final = false): void {
    const lookahead = this.lookaheadMs();
    while (this.candPending > 0) {
      const slot = this.slotOf(this.candCount - this.candPending);
      const seen = time - (this.candT[slot] as number) >= lookahead;
      if (!seen && !final) break;
      this.decide(slot, lookahead, seen);
      this.candPending--;
    }
  }

  /** Feeds a batch of samples (times in ms). */
  pushBatch(t: Float64Array, x: Float64Array): void {
    const n = Math.min(t.length, x.length);
    for (let i = 0; i < n; i++) this.push(t[i] as number, x[i] as number);
  }

  /** The sensor lost contact (finger off): nothing before this is compared with what follows. */
  interrupt(): void {
    this.lastX = Number.NaN;
    this.stamps.reset();
  }

  /**
   * Goes back to the start of a recording that was fed to learn from (offline analysis): what the
   * detector learned about the pulse (amplitude, rhythm, shape) is kept, everything tied to the
   * samples is forgotten, so the first beats are judged as well as the later ones.
   */
  rewind(): void {
    this.stamps.reset();
    this.blocks.reset();
    this.lastX = Number.NaN;
  }

  /** End of a recording: decides the last pulses with what is known and closes the last block. */
  flush(): void {
    this.decidePending(this.history.timeAt(this.history.count - 1), true);
    this.blocks.flush(this.periodicity());
  }

  private restart(x: number): void {
    this.highPass.settle(x);
    this.lowPass.settle(0);
    this.stretchStart = this.history.count;
    this.candPending = 0;
    this.lastBeatT = Number.NaN;
    this.period.reset();
    this.rhythm.reset();
    this.outlierCount = 0;
    this.lastArtifactT = Number.NEGATIVE_INFINITY;
  }

  private periodicity(): number {
    this.period.estimate();
    return this.period.periodicity;
  }

  private slotOf(index: number): number {
    return index % CANDIDATES;
  }

  /**
   * Expected beat period, ms: the median of recent accepted intervals, unless the signal is clearly
   * periodic and does not repeat at that interval (beats were being doubled or halved); then the
   * signal's own period — but not while the seconds it is computed over hold motion (pulses
   * rejected as artifacts), whose swings have periods of their own. Before any interval, the
   * signal's period or 80 BPM.
   */
  private expectedIbiMs(): number {
    const fromBeats =
      this.ibiCount >= 3
        ? medianOf(this.ibis, Math.min(this.ibiCount, AMPLITUDE_MEMORY), this.scratch)
        : Number.NaN;
    const signalMs = this.period.periodS * 1000;
    // A period outside 30–200 BPM is noise, not a rhythm (after interpolation it can step past the limits).
    const periodic = this.period.periodicity >= 0.5 && signalMs >= MIN_IBI_MS && signalMs <= MAX_IBI_MS;
    if (Number.isNaN(fromBeats)) return periodic ? signalMs : DEFAULT_IBI_MS;
    // An irregular rhythm has no period: a chance peak of the autocorrelation must not set one;
    // only a clearly periodic signal (the beats are wrong, not the rhythm) still does.
    if (this.rhythm.irregular && this.period.periodicity < IRREGULAR_PERIODICITY) return fromBeats;
    const moved = this.lastTime - this.lastArtifactT < PERIOD_WINDOW_S * 1000;
    const atBeats = this.period.correlationAt(fromBeats / 1000);
    // There a period of several beats is the baseline's, not a halved rhythm's, unless the
    // signal turns against itself at the beats' interval (they are wrong).
    const far = signalMs > IRREGULAR_MAX_RATIO * fromBeats && !(atBeats < IRREGULAR_MAX_AT_BEATS);
    if (this.rhythm.irregular && far) return fromBeats;
    return periodic && !moved && atBeats < 0.3 ? signalMs : fromBeats;
  }

  /** How long a candidate waits for a larger rise: half a beat (the candidate's dominance window). */
  private lookaheadMs(): number {
    return Math.min(1000, Math.max(150, 0.5 * this.expectedIbiMs()));
  }

  private addCandidate(n: number): void {
    const h = this.history;
    const peak = h.filteredAt(n);
    const stop = Math.max(this.stretchStart, h.oldest(), n - this.riseLookback);
    let low = peak;
    for (let k = n - 1; k >= stop; k--) {
      const v = h.filteredAt(k);
      if (v > peak) break;
      if (v < low) low = v;
    }
    const rise = peak - low;
    if (!(rise > 3 * (Number.isFinite(this.quantum) ? this.quantum : 0))) return;
    const slot = this.slotOf(this.candCount);
    this.candN[slot] = n;
    this.candT[slot] = h.timeAt(n);
    this.candRise[slot] = rise;
    this.candCount++;
    this.candPending = Math.min(this.candPending + 1, CANDIDATES);
  }

  private decide(slot: number, windowMs: number, seen = true): void {
    const t = this.candT[slot] as number;
    const rise = this.candRise[slot] as number;
    // Dominance: no candidate of this stretch within half a beat either side rises more.
    const first = Math.max(0, this.candCount - CANDIDATES);
    for (let i = this.candCount - 1; i >= first; i--) {
      const other = this.slotOf(i);
      if (other === slot || (this.candN[other] as number) < this.stretchStart) continue;
      if (Math.abs((this.candT[other] as number) - t) >= windowMs) continue;
      const r = this.candRise[other] as number;
      if (r > rise || (r === rise && (this.candT[other] as number) < t)) return;
    }
    const reference = this.amplitudeCount > 0 ? this.referenceAmplitude() : rise;
    // A pulse where the next beat is due needs less rise than one that comes early.
    const due = t - this.lastBeatT >= DUE_FRACTION * 2 * windowMs;
    if (!seen && !due) return;
    // An irregular rhythm has no "due": its small pulses must pass the early-pulse rule instead.
    const minRelative = due && !this.rhythm.irregular ? MIN_RELATIVE_AMPLITUDE_DUE : MIN_RELATIVE_AMPLITUDE;
    const strong = rise >= MIN_RELATIVE_AMPLITUDE * reference;
    let status: number = Status.Beat;
    if (rise < minRelative * reference && !this.earlyPulse(slot, t, rise, reference)) status = Status.Small;
    else if (rise > MAX_RELATIVE_AMPLITUDE * reference) {
      // While learning, a far larger pulse means what came before was noise ahead of the pulse.
      if (this.amplitudeCount < LEARNING_BEATS) this.forgetPulse();
      else status = Status.Artifact;
    }
    if (status !== Status.Beat) {
      if (status === Status.Artifact) {
        this.blocks.artifact();
        this.lastArtifactT = t;
      }
      if (!this.relearned(status, t, rise)) return;
    } else {
      this.outlierCount = 0;
    }
    if (t - this.lastBeatT < MIN_BEAT_SPACING_MS || !this.rawPulseAt(this.candN[slot] as number)) return;
    this.accept(this.candN[slot] as number, rise, strong);
  }

  /** An irregular rhythm's small early pulse (`early-pulse.ts`): a beat, not a notch or noise. */
  private earlyPulse(slot: number, t: number, rise: number, reference: number): boolean {
    if (!this.rhythm.irregular || !this.early.couldBe(rise, reference, t - this.lastBeatT)) return false;
    return this.early.confirms(this.rawRise(this.candN[slot] as number));
  }

  private rawRise(n: number): number {
    const h = this.history;
    const floor = Math.max(this.stretchStart, h.oldest());
    const reach = Math.max(2, Math.round(0.08 * this.rateHz));
    return rawRiseAt(h, n - this.filterDelay, reach, this.rateHz, floor, this.smoothHalfWidth);
  }

  /**
   * A run of regular, alike pulses all outside the accepted range means the amplitude really
   * changed (sensor pressed harder, vasoconstriction): adopt it. Motion and noise are neither
   * regular nor alike, so they never teach the threshold.
   */
  private relearned(kind: number, t: number, rise: number): boolean {
    if (kind !== this.outlierKind) this.outlierCount = 0;
    this.outlierKind = kind;
    if (this.outlierCount === RELEARN_PULSES) {
      this.outlierT.copyWithin(0, 1);
      this.outlierRise.copyWithin(0, 1);
      this.outlierCount--;
    }
    this.outlierT[this.outlierCount] = t;
    this.outlierRise[this.outlierCount] = rise;
    this.outlierCount++;
    if (this.outlierCount < RELEARN_PULSES) return false;
    let lo = Number.POSITIVE_INFINITY;
    let hi = 0;
    for (let i = 0; i < RELEARN_PULSES; i++) {
      lo = Math.min(lo, this.outlierRise[i] as number);
      hi = Math.max(hi, this.outlierRise[i] as number);
    }
    if (hi > 2 * lo) return false;
    for (let i = 1; i < RELEARN_PULSES; i++) {
      this.scratch[i - 1] = (this.outlierT[i] as number) - (this.outlierT[i - 1] as number);
    }
    const typical = medianOf(this.scratch, RELEARN_PULSES - 1, this.scratch.subarray(RELEARN_PULSES));
    if (typical < MIN_IBI_MS || typical > MAX_IBI_MS) return false;
    for (let i = 0; i < RELEARN_PULSES - 1; i++) {
      if (Math.abs((this.scratch[i] as number) - typical) > 0.25 * typical) return false;
    }
    this.forgetPulse();
    for (let i = 0; i < RELEARN_PULSES; i++)
      this.remember(this.amplitudes, this.amplitudeCount++, this.outlierRise[i] as number);
    this.outlierCount = 0;
    return true;
  }

  /** Forgets the amplitude and rhythm learned from the beats so far. */
  private forgetPulse(): void {
    this.amplitudeCount = 0;
    this.ibiCount = 0;
    this.early.reset();
  }

  /**
   * Whether the raw signal moves at all in the half beat before a candidate: a saturated or flat
   * sensor can still ring through the filter, but its raw samples stay on one code.
   */
  private rawPulseAt(n: number): boolean {
    const h = this.history;
    const from = Math.max(
      this.stretchStart,
      h.oldest(),
      n - Math.round((0.5 * this.expectedIbiMs() * this.rateHz) / 1000),
    );
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let k = from; k <= n; k++) {
      const v = h.rawAt(k);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return hi - lo > 3 * (Number.isFinite(this.quantum) ? this.quantum : 0);
  }

  private referenceAmplitude(): number {
    return medianOf(this.amplitudes, Math.min(this.amplitudeCount, AMPLITUDE_MEMORY), this.scratch);
  }

  private remember(ring: Float64Array, index: number, value: number): void {
    ring[index % AMPLITUDE_MEMORY] = value;
  }

  private accept(n: number, rise: number, strong: boolean): void {
    const h = this.history;
    const peak = this.refinePeak(n);
    const t = h.timeAtFraction(peak);
    const ibiMs = Number.isNaN(this.lastBeatT) ? Number.NaN : t - this.lastBeatT;
    const expected = this.expectedIbiMs();
    const samplesPerMs = this.rateHz / 1000;
    const before = Math.round(0.3 * expected * samplesPerMs);
    const after = Math.round(0.4 * expected * samplesPerMs);
    // A pulse cut short (start of a stretch, end of a recording) is not compared.
    const whole = n - before >= Math.max(this.stretchStart, h.oldest()) && n + after < h.count;
    const shape = whole ? this.template.match(h, n, before, after) : Number.NaN;
    // Amid motion (an artifact within the last two beats) only a pulse shaped like the template is a beat.
    if (t - this.lastArtifactT < 2 * expected && !(shape >= MOTION_MIN_SHAPE)) return;

    this.early.remember(this.rawRise(n));
    this.remember(this.amplitudes, this.amplitudeCount++, rise);
    if (ibiMs >= MIN_IBI_MS && ibiMs <= MAX_IBI_MS) this.remember(this.ibis, this.ibiCount++, ibiMs);
    if (strong) {
      const calm = t - this.lastArtifactT > PERIOD_WINDOW_S * 1000 && this.amplitudeCount >= AMPLITUDE_MEMORY;
      this.rhythm.beat(t, calm);
    }
    this.lastBeatT = t;
    this.listeners.beat({ t, amplitude: rise, shape, ibiMs });
  }

  /**
   * The systolic peak on the raw signal, near where the band-passed peak says it is (minus the
   * filter's delay): the highest point after light centred smoothing, refined by a parabola or,
   * on a clipped flat top, its middle. Returns a fractional sample number.
   */
  private refinePeak(n: number): number {
    const h = this.history;
    const reach = Math.max(2, Math.round(0.08 * this.rateHz));
    const centre = n - this.filterDelay;
    const lo = Math.max(
      centre - reach,
      this.stretchStart + this.smoothHalfWidth,
      h.oldest() + this.smoothHalfWidth,
    );
    const hi = Math.min(centre + reach, h.count - 1 - this.smoothHalfWidth);
    if (hi <= lo) return n;
    let best = lo;
    let bestValue = this.smoothedRaw(lo);
    let last = lo;
    for (let k = lo + 1; k <= hi; k++) {
      const v = this.smoothedRaw(k);
      if (v > bestValue) {
        best = k;
        last = k;
        bestValue = v;
      } else if (v === bestValue && last === k - 1) {
        last = k;
      }
    }
    if (last > best) return (best + last) / 2;
    if (best === lo || best === hi) return best;
    const left = this.smoothedRaw(best - 1);
    const right = this.smoothedRaw(best + 1);
    const curvature = left - 2 * bestValue + right;
    return curvature < 0 ? best + (0.5 * (left - right)) / curvature : best;
  }

  private smoothedRaw(k: number): number {
    return this.history.smoothedRawAt(k, this.smoothHalfWidth);
  }
}

/**
 * Group delay of the band-pass around 2 Hz (the pulse's main harmonics), in samples, from its
 * phase response: where the raw systolic peak sits relative to the band-passed one.
 */
function bandPassDelaySamples(rateHz: number): number {
  const phase = (hz: number) =>
    Biquad.highPass(HIGH_PASS_HZ, rateHz).phaseAt(hz, rateHz) +
    Biquad.lowPass(LOW_PASS_HZ, rateHz).phaseAt(hz, rateHz);
  const f = 2;
  const df = 0.05;
  const turn = phase(f + df) - phase(f - df);
  const delayS = -Math.atan2(Math.sin(turn), Math.cos(turn)) / (2 * Math.PI * 2 * df);
  return Math.round(delayS * rateHz);
}
