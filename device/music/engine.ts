import { type Calibration, LevelMap } from './calibration.js';
import { headOf, type StereoBlock, stereoBlock } from './format.js';
import { GainStage } from './gain.js';
import { TruePeakLimiter } from './limiter.js';
import type { MusicSource } from './source.js';
import { TempoGlide } from './tempo.js';

export interface MusicEngineOptions {
  calibration?: Partial<Calibration>;
  /** Tempo at the start, BPM. */
  tempoBpm?: number;
  /** Slew limit on volume rises, dB/s (default DEFAULT_MAX_RISE_DB_PER_S; Infinity: none, for tests). */
  maxRiseDbPerS?: number;
}

/** A snapshot of what the music is doing, for the program, `state` and the session log. */
export interface MusicSnapshot {
  /** Tempo now and where it is gliding to, BPM. */
  tempoBpm: number;
  targetTempoBpm: number;
  /** Level now and where it is ramping to, dB(A) at the pillow; null = silent. */
  volumeDba: number | null;
  targetVolumeDba: number | null;
  /** The cap in force, dB(A) and dBFS. */
  capDba: number;
  capDbfs: number;
  muting: boolean;
  /** What is playing (null when nothing is loaded). */
  source: string | null;
  /** Frames rendered since the engine was made. */
  frames: number;
}

/** The largest block rendered in one go (100 ms); bigger requests are split. */
export const MAX_BLOCK = 4800;

/**
 * The music chain, pure and clock-free: source → gain stage (volume, ramps, mute) → true-peak
 * limiter at the cap. `render(frames)` produces the next frames; controls take effect at the next
 * frame rendered, so whoever calls them at the right frame gets sample-accurate changes. Nothing
 * here can produce a level over the cap: requests above it are lowered, and the limiter holds
 * every sample and inter-sample peak under it whatever the source does.
 */
export class MusicEngine {
  private source: MusicSource | null = null;
  private readonly levels: LevelMap;
  private readonly tempo: TempoGlide;
  private readonly gain: GainStage;
  private readonly limiter: TruePeakLimiter;
  private readonly block = stereoBlock(MAX_BLOCK);
  private frames = 0;

  constructor(options: MusicEngineOptions = {}) {
    this.levels = new LevelMap(options.calibration);
    this.tempo = new TempoGlide(options.tempoBpm ?? 66);
    this.limiter = new TruePeakLimiter(this.levels.capDbfs);
    this.gain = new GainStage(options.maxRiseDbPerS);
  }

  get levelMap(): LevelMap {
    return this.levels;
  }

  get framesRendered(): number {
    return this.frames;
  }

  /** Deepest limiter gain reduction so far, dB (0 when the limiter never acted). */
  get limiterReductionDb(): number {
    return this.limiter.maxReductionDb;
  }

  /** What plays from the next frame on. Switch while silent (or muted): a swap is not crossfaded. */
  setSource(source: MusicSource | null): void {
    this.source = source;
  }

  setTempo(bpm: number, glideMs: number): void {
    this.tempo.set(bpm, glideMs);
  }

  /** Ramps, linear in dB, to `dba` at the pillow (held under the cap), or to silence for null. */
  setVolume(dba: number | null, rampMs: number): void {
    if (dba !== null && !Number.isFinite(dba)) throw new RangeError(`volume must be a number, got ${dba}`);
    this.gain.rampTo(dba === null ? null : this.levels.toDbfs(this.levels.capped(dba)), rampMs);
  }

  /** Silence at once without a click (25 ms). A later setVolume ramps up from silence. */
  mute(): void {
    this.gain.mute();
  }

  snapshot(): MusicSnapshot {
    const toDba = (dbfs: number | null) => (dbfs === null ? null : this.levels.toDba(dbfs));
    return {
      tempoBpm: this.tempo.bpm,
      targetTempoBpm: this.tempo.targetBpm,
      volumeDba: toDba(this.gain.levelDbfs),
      targetVolumeDba: toDba(this.gain.targetDbfs),
      capDba: this.levels.capDba,
      capDbfs: this.levels.capDbfs,
      muting: this.gain.muting,
      source: this.source?.name ?? null,
      frames: this.frames,
    };
  }

  /**
   * Renders the next `frames` frames (≤ MAX_BLOCK). The returned block is the engine's own buffer:
   * read it before the next call.
   */
  render(frames: number): StereoBlock {
    if (!Number.isInteger(frames) || frames < 0 || frames > MAX_BLOCK) {
      throw new RangeError(`render 0..${MAX_BLOCK} whole frames, got ${frames}`);
    }
    const out = headOf(this.block, frames);
    const startBpm = this.tempo.bpm;
    const endBpm = this.tempo.advance(frames);
    if (this.source) {
      this.source.render(out, frames, { startBpm, endBpm, targetBpm: this.tempo.targetBpm });
    } else {
      out.left.fill(0);
      out.right.fill(0);
    }
    this.gain.process(out, frames);
    this.limiter.process(out, frames);
    this.frames += frames;
    return out;
  }
}
