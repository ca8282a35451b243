import type { StereoBlock } from './format.js';

/** What a source knows about the tempo while it renders one block. */
export interface TempoSpan {
  /** BPM at the first frame of the block. */
  startBpm: number;
  /** BPM just after the last frame (a glide moves linearly in between). */
  endBpm: number;
  /** Where the tempo is heading (the program's current target), for choosing the next track. */
  targetBpm: number;
}

/**
 * Something that makes music: the generative engine or a playlist of files. Renders at 48 kHz
 * stereo float, loudness-normalised to PROGRAMME_LUFS; the gain stage and limiter come after.
 */
export interface MusicSource {
  /** Short name for logs and reports, e.g. "generative:warm" or "playlist". */
  readonly name: string;
  /** Writes (not adds) `frames` frames into the first frames of `out`. */
  render(out: StereoBlock, frames: number, tempo: TempoSpan): void;
  /** What it is playing now, for logs and the session report. */
  describe(): Record<string, unknown>;
}

/**
 * The loudness every source is normalised to before the gain stage (EBU R128 short-term, LUFS).
 * Chosen so that normalised music peaks near, but under, full scale; the gain stage's dBFS level
 * is then relative to it, and the calibration maps that level to dB(A) at the pillow.
 */
export const PROGRAMME_LUFS = -16;
