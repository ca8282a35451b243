import type { PulseBatch } from '../ports/pulse/index.js';
import type { Beat } from './beat.js';
import { BeatDetector } from './beat-detector.js';
import type { HeartRateEstimate } from './estimate.js';
import { acceptedIntervals, plausibleIntervals } from './heart-rate.js';
import type { SignalBlock } from './signal-blocks.js';
import { summarizeWindow, WINDOW_MS, WINDOW_STEP_MS } from './window-summary.js';

/** The window ends this long before the newest sample: beats come out up to a beat late. */
const LATENCY_MS = 1500;
/** Beats kept before the window, so its first intervals have neighbours to be judged against. */
const CONTEXT_MS = 6000;
/** Below this quality an estimate carries no bpm: the program must not act on it (CLINICAL.md). */
export const MIN_TRUSTED_QUALITY = 0.3;
/**
 * A sensor's calibrated rate moves a little with every fit (device/ports/pulse/sample-rate-fit.ts).
 * The stamps carry the exact times, so the detector, whose filters are tuned to a rate, restarts
 * only when the rate really changes: restarting on every fit would never let it learn a pulse.
 */
const RATE_CHANGE = 0.02;

/**
 * Turns a pulse sensor's waveform batches into heart-rate estimates, as the unit consumes them:
 * one every 2 s of sample time, over the last 8-s window, with its quality. A batch without a
 * finger breaks the signal (nothing is measured across it); an estimate whose quality is below
 * `MIN_TRUSTED_QUALITY` has `bpm: null`. No per-sample allocation: the detector works in place.
 */
export class HeartRateTracker {
  private detector: BeatDetector | undefined;
  private beats: Beat[] = [];
  private blocks: SignalBlock[] = [];
  private nextTick = Number.NaN;

  /** Feeds one batch; returns the estimates that fell due with it (usually none or one). */
  push(batch: PulseBatch): HeartRateEstimate[] {
    const n = Math.min(batch.t.length, batch.value.length);
    if (n === 0) return [];
    const detector = this.detectorFor(batch.rateHz);
    if (batch.finger) detector.pushBatch(batch.t, batch.value);
    else detector.interrupt();

    const newest = batch.t[n - 1] as number;
    if (Number.isNaN(this.nextTick) || newest - this.nextTick > WINDOW_MS) {
      this.nextTick = Math.ceil(newest / WINDOW_STEP_MS) * WINDOW_STEP_MS;
    }
    const estimates: HeartRateEstimate[] = [];
    while (newest >= this.nextTick) {
      estimates.push(this.estimate(this.nextTick));
      this.nextTick += WINDOW_STEP_MS;
    }
    return estimates;
  }

  private estimate(tick: number): HeartRateEstimate {
    const end = tick - LATENCY_MS;
    const start = end - WINDOW_MS;
    this.beats = this.beats.filter((b) => b.t >= start - CONTEXT_MS);
    this.blocks = this.blocks.filter((b) => b.end > start);
    const plausible = plausibleIntervals(this.beats);
    const accepted = acceptedIntervals(this.beats, plausible);
    const w = summarizeWindow(this.beats, accepted, plausible, this.blocks, start, end);
    const trusted = w.bpm !== null && w.quality >= MIN_TRUSTED_QUALITY;
    return {
      t: tick,
      bpm: trusted ? w.bpm : null,
      quality: w.quality,
      source: 'ppg',
      irregular: trusted ? w.irregular : null,
    };
  }

  private detectorFor(rateHz: number): BeatDetector {
    const current = this.detector;
    if (current && Math.abs(rateHz - current.rateHz) <= RATE_CHANGE * current.rateHz) return current;
    this.detector = new BeatDetector(rateHz, {
      beat: (b) => this.beats.push(b),
      block: (b) => this.blocks.push(b),
    });
    return this.detector;
  }
}
