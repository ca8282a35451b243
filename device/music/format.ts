/**
 * The one internal audio format: stereo, 48 kHz, 32-bit float, planar (one array per channel).
 * Every source renders into it; the sinks receive it converted to 16-bit PCM at the very end.
 */
export const SAMPLE_RATE = 48_000;

/** A block of stereo frames. `left[i]` and `right[i]` are frame `i`, full scale is ±1. */
export interface StereoBlock {
  left: Float32Array;
  right: Float32Array;
}

export function stereoBlock(frames: number): StereoBlock {
  return { left: new Float32Array(frames), right: new Float32Array(frames) };
}

/** A view on the first `frames` frames of a block (no copy). */
export function headOf(block: StereoBlock, frames: number): StereoBlock {
  return { left: block.left.subarray(0, frames), right: block.right.subarray(0, frames) };
}

export function msToFrames(ms: number): number {
  return Math.round((ms * SAMPLE_RATE) / 1000);
}

export function dbToGain(db: number): number {
  return 10 ** (db / 20);
}
