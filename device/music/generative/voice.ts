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
  /** Frames after the attack before releasing by itself (Infinity: until `release`). */
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
      if (this.stage === DELAY) {
        // Silent: nothing to render.
      } else if (this.p.detuneCents === 0) this.renderMono(left, right, i, n);
      else this.renderSegment(left, right, i, n);
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
    const t = this.p.table;
    const [al, ar, bl, br] = this.gains;
    const incA = this.incA;
    const incB = this.incB;
    const step = this.step;
    const mul = this.mul;
    let pa = this.phaseA;
    let pb = this.phaseB;
    let env = this.env;
    const end = from + n;
    for (let i = from; i < end; i++) {
      const ia = pa | 0;
      const ib = pb | 0;
      const ta = t[ia] as number;
      const tb = t[ib] as number;
      const sa = env * (ta + (pa - ia) * ((t[ia + 1] as number) - ta));
      const sb = env * (tb + (pb - ib) * ((t[ib + 1] as number) - tb));
      left[i] = (left[i] as number) + al * sa + bl * sb;
      right[i] = (right[i] as number) + ar * sa + br * sb;
      env = env * mul + step;
      pa += incA;
      if (pa >= TABLE_SIZE) pa -= TABLE_SIZE;
      pb += incB;
      if (pb >= TABLE_SIZE) pb -= TABLE_SIZE;
    }
    this.phaseA = pa;
    this.phaseB = pb;
    this.env = env;
  }

  private renderMono(left: Float32Array, right: Float32Array, from: number, n: number): void {
    const t = this.p.table;
    const gl = this.gains[0] + this.gains[2];
    const gr = this.gains[1] + this.gains[3];
    const inc = this.incA;
    const step = this.step;
    const mul = this.mul;
    let pa = this.phaseA;
    let env = this.env;
    const end = from + n;
    for (let i = from; i < end; i++) {
      const ia = pa | 0;
      const ta = t[ia] as number;
      const s = env * (ta + (pa - ia) * ((t[ia + 1] as number) - ta));
      left[i] = (left[i] as number) + gl * s;
      right[i] = (right[i] as number) + gr * s;
      env = env * mul + step;
      pa += inc;
      if (pa >= TABLE_SIZE) pa -= TABLE_SIZE;
    }
    this.phaseA = pa;
    this.env = env;
  }
}

/** Constant-power pan law: -1 left, 0 centre, +1 right. */
export function panGains(pan: number): [number, number] {
  const x = ((Math.max(-1, Math.min(1, pan)) + 1) * Math.PI) / 4;
  return [Math.cos(x), Math.sin(x)];
}
