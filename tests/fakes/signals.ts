import { SAMPLE_RATE, type StereoBlock, stereoBlock } from '../../device/music/format.js';

/** A stereo sine, `seconds` long, at `amplitude` (1 = full scale). */
export function sine(hz: number, seconds: number, amplitude: number): StereoBlock {
  const block = stereoBlock(Math.round(seconds * SAMPLE_RATE));
  for (let i = 0; i < block.left.length; i++) {
    const v = amplitude * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE);
    block.left[i] = v;
    block.right[i] = v;
  }
  return block;
}

/** Largest jump between neighbouring samples in either channel. */
export function maxStep(block: StereoBlock): number {
  let max = 0;
  for (const x of [block.left, block.right]) {
    for (let i = 1; i < x.length; i++) max = Math.max(max, Math.abs((x[i] as number) - (x[i - 1] as number)));
  }
  return max;
}

export function toDb(linear: number): number {
  return 20 * Math.log10(linear);
}

/** Concatenates rendered blocks (copies: renderers reuse their buffers). */
export function collect(render: (frames: number) => StereoBlock, frames: number, block = 4800): StereoBlock {
  const out = stereoBlock(frames);
  for (let at = 0; at < frames; at += block) {
    const n = Math.min(block, frames - at);
    const b = render(n);
    out.left.set(b.left.subarray(0, n), at);
    out.right.set(b.right.subarray(0, n), at);
  }
  return out;
}
