import { TABLE_SIZE, type Wavetable } from './wavetable.js';

export interface VoiceParams {
  table: Wavetable;
  frequencyHz: number;
  /** The rate the voice is rendered at (the pad bus runs at half the output rate). */
  sampleRate: number;
  /** Peak level of the voice, linear. */
  level: number;
  /**
   * Detune of the two oscillators from each other, cents (they beat slowly: the "pad" shimmer).
   * 0 = one oscillator, half the work (struck notes and bass need no shimmer).
   */
  detuneCents: number;
  /** Stereo position -1 (left) … +1 (right); the two oscillators spread around it. */
  pan: number;
  /** Stereo spread of the two oscillators, 0..1. */
  spread: number;
  attackFrames: number;
  /** Frames after the attack before releasing by itself (SUSTAIN: until `release`). */
  holdFrames: number;
  /** Exponential decay during the hold, seconds to fall by 1/e (Infinity: sustained, a pad). */
  decayS: number;
  releaseFrames: number;
  /** Silent frames before the attack (a note placed later in the beat). */
  delayFrames?: number;
  /** Starting phase of each oscillator, 0..1 (seeded, so chords do not start phase-aligned). */
  phaseA: number;
  phaseB: number;
}

/**
 * "Hold until released": a frame count no session reaches (12 h at 24 kHz) that keeps every frame
 * counter a small integer (V8 handles those faster than Infinity and other doubles).
 */
export const SUSTAIN = 2 ** 30 - 1;

const DELAY = 0;
const ATTACK = 1;
const HOLD = 2;
const RELEASE = 3;
const DONE = 4;

/**
 * One sustained note: two slightly detuned wavetable oscillators, each panned to one side, under
 * a linear attack / hold / release envelope that starts and ends at exactly zero, so a note never
 * starts or stops with a step (no clicks at note boundaries).
 */
export class Voice {
  private phaseA: number;
  private phaseB: number;
  private readonly incA: number;
  private readonly incB: number;
  private readonly gains: [number, number, number, number];
  private env = 0;
  private stage = DELAY;
  private stageLeft: number;
  private step = 0;
  private mul = 1;
  private readonly holdMul: number;

  constructor(private readonly p: VoiceParams) {
    this.holdMul = Number.isFinite(p.decayS) ? Math.exp(-1 / (p.decayS * p.sampleRate)) : 1;
    const ratio = 2 ** (p.detuneCents / 2400);
    this.incA = (p.frequencyHz * ratio * TABLE_SIZE) / p.sampleRate;
    this.incB = (p.frequencyHz * TABLE_SIZE) / (ratio * p.sampleRate);
    this.phaseA = p.phaseA * TABLE_SIZE;
    this.phaseB = p.phaseB * TABLE_SIZE;
    const a = panGains(p.pan - p.spread);
    const b = panGains(p.pan + p.spread);
    // Each oscillator carries half the level, so the voice peaks at `level`.
    this.gains = [0.5 * p.level * a[0], 0.5 * p.level * a[1], 0.5 * p.level * b[0], 0.5 * p.level * b[1]];
    this.stageLeft = p.delayFrames ?? 0;
    if (this.stageLeft <= 0) this.nextStage();
  }

  get done(): boolean {
    return this.stage === DONE;
  }

  /** Starts the release from wherever the envelope is now (mid-attack included: no jump). */
  release(releaseFrames = this.p.releaseFrames): void {
    if (this.stage === RELEASE || this.stage === DONE) return;
    if (this.stage === DELAY) {
      this.stage = DONE;
      return;
    }
    this.stage = RELEASE;
    this.mul = 1;
    this.stageLeft = Math.max(1, releaseFrames);
    this.step = -this.env / this.stageLeft;
  }

  /** Adds this voice into frames [from, to) of the two channels. */
  render(left: Float32Array, right: Float32Array, from: number, to: number): void {
    let i = from;
    while (i < to && this.stage !== DONE) {
      const n = Math.min(to - i, this.stageLeft);
      if (this.stage !== DELAY) this.renderSegment(left, right, i, n);
      i += n;
      this.stageLeft -= n;
      if (this.stageLeft <= 0) this.nextStage();
    }
  }

  private nextStage(): void {
    if (this.stage === DELAY) {
      this.stage = ATTACK;
      this.stageLeft = Math.max(1, this.p.attackFrames);
      this.step = 1 / this.stageLeft;
    } else if (this.stage === ATTACK) {
      this.env = 1;
      this.stage = HOLD;
      this.stageLeft = this.p.holdFrames;
      this.step = 0;
      this.mul = this.holdMul;
    } else if (this.stage === HOLD) {
      this.release();
    } else {
      this.env = 0;
      this.stage = DONE;
    }
  }

  private renderSegment(left: Float32Array, right: Float32Array, from: number, n: number): void {
    const [al, ar, bl, br] = this.gains;
    const { env, step, mul } = this;
    const table = this.p.table;
    const add = (phase: number, inc: number, gl: number, gr: number) =>
      oscillate(table, left, right, from, from + n, phase, inc, gl, gr, env, step, mul);
    if (this.p.detuneCents === 0) {
      this.phaseA = add(this.phaseA, this.incA, al + bl, ar + br);
    } else {
      // One pass per oscillator: a single loop carrying both made V8 box a number every sample.
      this.phaseA = add(this.phaseA, this.incA, al, ar);
      this.phaseB = add(this.phaseB, this.incB, bl, br);
    }
    this.env = envelopeAfter;
  }
}

/** The envelope after the last oscillate() call (a module slot: no object per segment). */
let envelopeAfter = 0;

/**
 * Adds one wavetable oscillator under a linear/exponential envelope into both channels over
 * frames [from, end); returns the new phase, leaves the new envelope in `envelopeAfter`.
 */
function oscillate(
  t: Float32Array,
  left: Float32Array,
  right: Float32Array,
  from: number,
  end: number,
  phase: number,
  inc: number,
  gl: number,
  gr: number,
  env: number,
  step: number,
  mul: number,
): number {
  let p = phase;
  let e = env;
  for (let i = from; i < end; i++) {
    const k = p | 0;
    const a = t[k] as number;
    const s = e * (a + (p - k) * ((t[k + 1] as number) - a));
    left[i] = (left[i] as number) + gl * s;
    right[i] = (right[i] as number) + gr * s;
    e = e * mul + step;
    p += inc;
    if (p >= TABLE_SIZE) p -= TABLE_SIZE;
  }
  envelopeAfter = e;
  return p;
}

/** Constant-power pan law: -1 left, 0 centre, +1 right. */
export function panGains(pan: number): [number, number] {
  const x = ((Math.max(-1, Math.min(1, pan)) + 1) * Math.PI) / 4;
  return [Math.cos(x), Math.sin(x)];
}
