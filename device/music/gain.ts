import { dbToGain, msToFrames, SAMPLE_RATE, type StereoBlock } from './format.js';

/**
 * Level below which a fade counts as silence: at the default calibration (0 dBFS ↔ 85 dB(A))
 * this is −15 dB(A), far under the WHO 30 dB(A) night level (CLINICAL.md "Sound level"), and
 * under the 16-bit quantisation step, so the final step to exact zero is inaudible.
 */
export const SILENCE_DBFS = -100;
/** The stop button's mute: fast enough to feel immediate, slow enough not to click. */
export const MUTE_MS = 25;
/**
 * Slew limit on rises (DESIGN.md "Safety": slew limits; CLINICAL.md: stable dynamics, no sudden
 * changes): the level never climbs faster than this, whatever a caller asks (from silence the
 * ramp starts at SILENCE_DBFS, so reaching 45 dB(A) takes 10 s); a jump is stretched into a swell.
 * Falls are never slowed.
 */
export const DEFAULT_MAX_RISE_DB_PER_S = 6;

/**
 * The volume stage: sample-accurate ramps that are linear in dB (CLINICAL.md "fade linearly in
 * dB"), computed as a constant per-frame gain ratio so no per-sample pow() is needed, and a
 * click-free mute (half a cosine in amplitude). Levels are dBFS; the caller maps dB(A) and caps.
 */
export class GainStage {
  /** Linear gain at the next frame. 0 = silent. */
  private gain = 0;
  private targetGain = 0;
  private framesLeft = 0;
  private ratio = 1;
  /** Mute ramp state: a raised-cosine from `muteFrom` to zero. */
  private muteFrom = 0;
  private muteFrame = -1;
  private readonly muteFrames = msToFrames(MUTE_MS);

  constructor(private readonly maxRiseDbPerS = DEFAULT_MAX_RISE_DB_PER_S) {}

  /** Level now in dBFS, or null when silent. */
  get levelDbfs(): number | null {
    return this.gain > 0 ? 20 * Math.log10(this.gain) : null;
  }

  /** The level a running ramp ends at, or null for silence. */
  get targetDbfs(): number | null {
    return this.targetGain > 0 ? 20 * Math.log10(this.targetGain) : null;
  }

  get muting(): boolean {
    return this.muteFrame >= 0;
  }

  /**
   * Ramps from the level now to `dbfs` (null: silence) over `rampMs`, linear in dB. A ramp from
   * or to silence runs from or to SILENCE_DBFS, then steps the last, inaudible bit to zero.
   */
  rampTo(dbfs: number | null, rampMs: number): void {
    if (this.muteFrame >= 0) {
      // A new level during a mute ramps on from where the mute has got to.
      this.gain = this.muteGainAt(this.muteFrame);
      this.muteFrame = -1;
    }
    const target = dbfs === null || dbfs <= SILENCE_DBFS ? 0 : dbToGain(dbfs);
    const frames = this.slewLimited(target, Math.max(0, msToFrames(rampMs)));
    this.targetGain = target;
    if (frames === 0) {
      this.gain = target;
      this.framesLeft = 0;
      return;
    }
    const floor = dbToGain(SILENCE_DBFS);
    if (this.gain === 0) this.gain = target === 0 ? 0 : floor;
    this.framesLeft = this.gain === 0 ? 0 : frames;
    this.ratio = this.framesLeft === 0 ? 1 : ((target || floor) / this.gain) ** (1 / frames);
  }

  /** The ramp length, stretched so the level rises no faster than the slew limit. */
  private slewLimited(target: number, frames: number): number {
    if (target === 0 || !Number.isFinite(this.maxRiseDbPerS)) return frames;
    const from = this.gain > 0 ? 20 * Math.log10(this.gain) : SILENCE_DBFS;
    const rise = 20 * Math.log10(target) - from;
    return rise <= 0 ? frames : Math.max(frames, Math.ceil((rise / this.maxRiseDbPerS) * SAMPLE_RATE));
  }

  /** Silence now without a click: a MUTE_MS raised-cosine to zero. */
  mute(): void {
    if (this.gain === 0 || this.muteFrame >= 0) {
      this.targetGain = 0;
      if (this.muteFrame < 0) this.framesLeft = 0;
      return;
    }
    this.muteFrom = this.gain;
    this.muteFrame = 0;
    this.targetGain = 0;
    this.framesLeft = 0;
  }

  /** Multiplies the block by the gain, frame by frame. */
  process(block: StereoBlock, frames: number): void {
    const { left, right } = block;
    if (this.muteFrame >= 0) {
      this.processMute(left, right, frames);
      return;
    }
    let i = 0;
    if (this.framesLeft > 0) {
      const n = Math.min(frames, this.framesLeft);
      let g = this.gain;
      const r = this.ratio;
      for (; i < n; i++) {
        left[i] = (left[i] as number) * g;
        right[i] = (right[i] as number) * g;
        g *= r;
      }
      this.framesLeft -= n;
      // Land exactly on the target (and on zero after a fade to silence).
      this.gain = this.framesLeft === 0 ? this.targetGain : g;
    }
    const g = this.gain;
    if (g === 1) return;
    for (; i < frames; i++) {
      left[i] = (left[i] as number) * g;
      right[i] = (right[i] as number) * g;
    }
  }

  private processMute(left: Float32Array, right: Float32Array, frames: number): void {
    const total = this.muteFrames;
    for (let i = 0; i < frames; i++) {
      const k = this.muteFrame;
      const g = this.muteGainAt(k);
      left[i] = (left[i] as number) * g;
      right[i] = (right[i] as number) * g;
      if (k < total) this.muteFrame++;
    }
    if (this.muteFrame >= total) {
      this.muteFrame = -1;
      this.gain = 0;
    }
  }

  private muteGainAt(k: number): number {
    return k >= this.muteFrames ? 0 : this.muteFrom * 0.5 * (1 + Math.cos((Math.PI * k) / this.muteFrames));
  }
}
