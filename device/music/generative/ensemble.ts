/**
 * An ensemble chorus, the classic string-machine pad sound: each channel is mixed with a copy of
 * itself through a short delay swept slowly by a triangle LFO (the two channels a quarter cycle
 * apart, which also widens the image). It gives single-oscillator pads the shimmer of a section
 * for the cost of two delay reads per sample instead of a second oscillator per note.
 */
const BASE_MS = 12;
const DEPTH_MS = 3;
const RATE_HZ = 0.31;

export class Ensemble {
  private readonly lineL: Float32Array;
  private readonly lineR: Float32Array;
  private pos = 0;
  private lfo = 0;
  private readonly lfoStep: number;
  private readonly base: number;
  private readonly depth: number;

  constructor(
    sampleRate: number,
    /** Share of the delayed copy, 0..1. */
    private readonly wet: number,
  ) {
    this.base = (BASE_MS / 1000) * sampleRate;
    this.depth = (DEPTH_MS / 1000) * sampleRate;
    const size = Math.ceil(this.base + this.depth) + 2;
    this.lineL = new Float32Array(size);
    this.lineR = new Float32Array(size);
    this.lfoStep = (4 * RATE_HZ) / sampleRate;
  }

  process(left: Float32Array, right: Float32Array, n: number): void {
    const lineL = this.lineL;
    const lineR = this.lineR;
    const size = lineL.length;
    const wet = this.wet;
    const dry = 1 - wet;
    let pos = this.pos;
    let lfo = this.lfo;
    for (let i = 0; i < n; i++) {
      const l = left[i] as number;
      const r = right[i] as number;
      lineL[pos] = l;
      lineR[pos] = r;
      // Triangle in [-1, 1): lfo runs 0..4; the right channel is a quarter cycle later.
      const triL = lfo < 2 ? lfo - 1 : 3 - lfo;
      const lfoR = lfo + 1 >= 4 ? lfo - 3 : lfo + 1;
      const triR = lfoR < 2 ? lfoR - 1 : 3 - lfoR;
      left[i] = dry * l + wet * tap(lineL, pos, this.base + this.depth * triL, size);
      right[i] = dry * r + wet * tap(lineR, pos, this.base + this.depth * triR, size);
      if (++pos === size) pos = 0;
      lfo += this.lfoStep;
      if (lfo >= 4) lfo -= 4;
    }
    this.pos = pos;
    this.lfo = lfo;
  }
}

/** The line `delay` samples back from `pos`, linearly interpolated. */
function tap(line: Float32Array, pos: number, delay: number, size: number): number {
  let at = pos - delay;
  if (at < 0) at += size;
  const i = at | 0;
  const j = i + 1 === size ? 0 : i + 1;
  const a = line[i] as number;
  return a + (at - i) * ((line[j] as number) - a);
}
