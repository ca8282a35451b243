import { msToFrames } from './format.js';

/**
 * Tempo as a continuous parameter (CLINICAL.md "Session": 60–80 BPM). A glide is linear in BPM
 * over a number of frames and lands exactly on its target; the beat clock integrates it per
 * block, so a glide never makes the pulse jump.
 */
export const MIN_TEMPO_BPM = 40;
export const MAX_TEMPO_BPM = 120;

export class TempoGlide {
  private current: number;
  private target: number;
  private framesLeft = 0;
  private perFrame = 0;

  constructor(startBpm: number) {
    this.current = clampTempo(startBpm);
    this.target = this.current;
  }

  /** BPM now (at the next frame to render). */
  get bpm(): number {
    return this.current;
  }

  get targetBpm(): number {
    return this.target;
  }

  /** Glides from the current tempo to `bpm` over `glideMs` (0: at once). */
  set(bpm: number, glideMs: number): void {
    this.target = clampTempo(bpm);
    this.framesLeft = Math.max(0, msToFrames(glideMs));
    if (this.framesLeft === 0) this.current = this.target;
    this.perFrame = this.framesLeft === 0 ? 0 : (this.target - this.current) / this.framesLeft;
  }

  /** Moves `frames` frames on and returns the tempo after them. */
  advance(frames: number): number {
    if (this.framesLeft === 0) return this.current;
    if (frames >= this.framesLeft) {
      this.framesLeft = 0;
      this.current = this.target;
    } else {
      this.framesLeft -= frames;
      this.current += this.perFrame * frames;
    }
    return this.current;
  }
}

export function clampTempo(bpm: number): number {
  if (!Number.isFinite(bpm)) throw new RangeError(`tempo must be a number, got ${bpm}`);
  return Math.min(MAX_TEMPO_BPM, Math.max(MIN_TEMPO_BPM, bpm));
}
