import { Random } from '../../shared/random.js';
import type { PatientModel } from './patient.js';
import { pulseShape, SYSTOLIC_PEAK_S } from './pulse-shape.js';
import { type AfRhythm, RhythmModel } from './rhythm.js';

/** A stretch with the sensor disturbed, ms on the simulator's clock. */
export interface Disturbance {
  start: number;
  end: number;
}

/** The finger is off the sensor: it reads a constant, the ADC's top (saturated) or ambient noise. */
export interface Dropout extends Disturbance {
  reads: 'flat' | 'saturated' | 'noise';
}

export interface PpgSimOptions {
  rateHz: number;
  seed: number | string;
  /** Pulse amplitude, signal units (the ADC's LSB when `adc` is set). Default 100. */
  amplitude?: number;
  /** White sensor noise, standard deviation as a share of the pulse amplitude. Default 0.01. */
  noise?: number;
  /** Baseline wander (breathing and slow drift), as a share of the pulse amplitude. Default 0.2. */
  wander?: number;
  /** Motion artifacts: large, irregular swings (about 4× the pulse) over these stretches. */
  motion?: Disturbance[];
  /** Motion amplitude as a multiple of the pulse amplitude. Default 4. */
  motionAmplitude?: number;
  dropouts?: Dropout[];
  /** Quantise to an ADC: `bits`, and the code of the signal's resting level. Values clip at 0 and 2^bits − 1. */
  adc?: { bits: number; restingCode: number };
  /** Standard deviation of the timestamp jitter, ms (the sampling itself stays regular). */
  jitterMs?: number;
  /**
   * Irregular rhythm, as in atrial fibrillation: beat-to-beat scatter of the interval, standard
   * deviation as a share of it. Default 0 (only the small scatter of a healthy sinus rhythm).
   */
  irregularity?: number;
  /**
   * Share of beats that are premature (ectopic): they come after 60–75 % of the interval, eject
   * less blood (a pulse of 40–80 % of the amplitude) and are followed by a compensatory pause.
   */
  ectopicRate?: number;
  /** Longest run of consecutive premature beats (couplets, triplets). Default 1. */
  ectopicRun?: number;
  /** Atrial fibrillation instead of the sinus rhythm (see `AfRhythm`). */
  af?: AfRhythm;
  /** A sudden change of heart rate (an arousal): `bpm` added from `at` (ms) on. */
  rateStep?: { at: number; bpm: number };
  /**
   * Changing perfusion (cold hands, vasoconstriction, a sensor pressed less firmly): the pulse
   * amplitude swings between 1 and `1 − depth` over `periodS` seconds.
   */
  perfusion?: { depth: number; periodS: number };
}

export interface PpgSamples {
  t: Float64Array;
  value: Float64Array;
  /** 1 where a finger is on the sensor. */
  finger: Uint8Array;
}

/**
 * A realistic PPG from the patient model: beats follow the heart-rate trend with respiratory
 * sinus arrhythmia; each pulse has a systolic peak and a dicrotic notch; breathing modulates the
 * amplitude and the baseline; the sensor adds noise, motion artifacts, dropouts and ADC
 * quantisation and clipping. Streams: `take(until)` returns the samples since the last call.
 * `beats` holds the true systolic peak times (ms) so far: the ground truth for tests.
 */
export class PpgSimulator {
  readonly beats: number[] = [];
  private readonly rng: Random;
  private readonly noiseRng: Random;
  /** Irregular rhythm, ectopic beats and AF draw from their own stream, so other options keep their samples. */
  private readonly rhythm: RhythmModel;
  private readonly periodMs: number;
  private readonly amplitude: number;
  /** Pulse onsets (ms) that can still contribute to upcoming samples. */
  private onsets: number[] = [];
  private nextOnset: number;
  private sample = 0;
  private drift = 0;
  private readonly motionPhases: number[];

  constructor(
    private readonly patient: PatientModel,
    private readonly o: PpgSimOptions,
    /** Time of the first sample, ms. */
    private readonly startMs: number,
  ) {
    this.rng = new Random(`ppg:${o.seed}`);
    this.noiseRng = this.rng.fork('noise');
    this.rhythm = new RhythmModel(o, new Random(`ppg-rhythm:${o.seed}`));
    this.periodMs = 1000 / o.rateHz;
    this.amplitude = o.amplitude ?? 100;
    this.nextOnset = startMs - this.rng.uniform(0, 800);
    this.motionPhases = [0, 1, 2].map(() => this.rng.uniform(0, 2 * Math.PI));
  }

  /** Samples from the last call up to (not including) `untilMs`. */
  take(untilMs: number): PpgSamples {
    const count = Math.max(0, Math.ceil((untilMs - this.startMs) / this.periodMs) - this.sample);
    const out: PpgSamples = {
      t: new Float64Array(count),
      value: new Float64Array(count),
      finger: new Uint8Array(count),
    };
    for (let i = 0; i < count; i++, this.sample++) {
      const ms = this.startMs + this.sample * this.periodMs;
      this.scheduleBeats(ms + 1000);
      const dropout = this.o.dropouts?.find((d) => ms >= d.start && ms < d.end);
      out.t[i] = ms + (this.o.jitterMs ? this.o.jitterMs * this.noiseRng.gaussian() : 0);
      out.finger[i] = dropout ? 0 : 1;
      out.value[i] = this.digitise(dropout ? this.offFinger(dropout) : this.onFinger(ms));
    }
    return out;
  }

  /** The noise-free pulse at `ms` (sum of the pulses still under way), in signal units. */
  cleanAt(ms: number): number {
    const breath = this.patient.breathPhaseAt(ms);
    const v = this.pulseSum(ms);
    // Breathing modulates the pulse amplitude (±10 %).
    return this.amplitude * this.perfusionAt(ms) * v * (1 + 0.1 * Math.sin(breath));
  }

  /** The pulses under way at `ms`, each peaking at its size (≈ 1). */
  private pulseSum(ms: number): number {
    let v = 0;
    for (const onset of this.onsets) {
      const pulse = this.pulses.get(onset);
      v += (pulse?.scale ?? 1) * pulseShape((ms - onset) / 1000, (pulse?.rr ?? 800) / 1000);
    }
    return v;
  }

  private perfusionAt(ms: number): number {
    const p = this.o.perfusion;
    if (!p) return 1;
    return 1 - p.depth * (0.5 - 0.5 * Math.cos((2 * Math.PI * (ms - this.startMs)) / (1000 * p.periodS)));
  }

  private onFinger(ms: number): number {
    const wander = this.o.wander ?? 0.2;
    // Slow random drift (time constant ~20 s) plus the breathing baseline.
    this.drift +=
      -this.drift / (20 * this.o.rateHz) + this.rng.gaussian() * Math.sqrt(2 / (20 * this.o.rateHz));
    const baseline =
      wander * this.amplitude * (0.7 * Math.sin(this.patient.breathPhaseAt(ms) + 1) + 0.7 * this.drift);
    const noise = (this.o.noise ?? 0.01) * this.amplitude * this.noiseRng.gaussian();
    return this.cleanAt(ms) + baseline + noise + this.motionAt(ms);
  }

  private offFinger(d: Dropout): number {
    if (d.reads === 'saturated') return Number.POSITIVE_INFINITY;
    const ambient = -0.5 * this.amplitude;
    return d.reads === 'noise' ? ambient + 0.3 * this.amplitude * this.noiseRng.gaussian() : ambient;
  }

  /** Irregular swings of a moving hand: three incommensurate sways under a smooth envelope. */
  private motionAt(ms: number): number {
    const burst = this.o.motion?.find((m) => ms >= m.start && ms < m.end);
    if (!burst) return 0;
    const x = (ms - burst.start) / (burst.end - burst.start);
    const envelope = Math.sin(Math.PI * x) ** 0.5;
    const s = (ms - burst.start) / 1000;
    const sway =
      Math.sin(2 * Math.PI * 0.7 * s + (this.motionPhases[0] as number)) +
      0.8 * Math.sin(2 * Math.PI * 1.9 * s + (this.motionPhases[1] as number)) +
      0.6 * Math.sin(2 * Math.PI * 3.3 * s + (this.motionPhases[2] as number));
    return (this.o.motionAmplitude ?? 4) * this.amplitude * envelope * sway * 0.6;
  }

  private digitise(v: number): number {
    if (!this.o.adc) return Number.isFinite(v) ? v : 10 * this.amplitude;
    const top = 2 ** this.o.adc.bits - 1;
    const code = Math.round(this.o.adc.restingCode + v);
    return Math.min(top, Math.max(0, Number.isFinite(code) ? code : top));
  }

  /** Plans beats up to `horizonMs` and forgets pulses that have died away. */
  private scheduleBeats(horizonMs: number): void {
    while (this.nextOnset <= horizonMs) {
      const onset = this.nextOnset;
      this.onsets.push(onset);
      // Beat-to-beat interval from the instantaneous rate, plus a little beat-to-beat scatter.
      const step = this.o.rateStep && onset >= this.o.rateStep.at ? this.o.rateStep.bpm : 0;
      const sinus = 60_000 / (this.patient.instantaneousRateAt(onset) + step) + 8 * this.rng.gaussian();
      const { rr, scale } = this.rhythm.active ? this.rhythm.next(sinus) : { rr: sinus, scale: 1 };
      this.nextOnset = onset + rr;
      this.pulses.set(onset, { rr, scale });
      // A beat that ejects no pulse (AF's pulse deficit) is no beat the finger can show.
      if (scale > 0) this.beats.push(this.truePeak(onset));
    }
    const now = this.startMs + this.sample * this.periodMs;
    while (this.onsets.length > 0 && (this.onsets[0] as number) < now - 2000) {
      this.pulses.delete(this.onsets.shift() as number);
    }
  }

  /** Per pulse (by onset): interval to the next onset, ms, and its size. */
  private readonly pulses = new Map<number, { rr: number; scale: number }>();

  /** The systolic peak of a pulse: the top of the noise-free wave, found to 1 ms. */
  private truePeak(onset: number): number {
    let best = onset;
    let bestValue = Number.NEGATIVE_INFINITY;
    const centre = onset + SYSTOLIC_PEAK_S * 1000;
    for (let ms = centre - 60; ms <= centre + 60; ms++) {
      const v = this.pulseSum(ms);
      if (v > bestValue) {
        bestValue = v;
        best = ms;
      }
    }
    return best;
  }
}
