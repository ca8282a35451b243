import type { NocturneError } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/log.js';
import { DeviceErrorCode } from '../../errors/codes.js';
import { msToFrames, type StereoBlock } from '../format.js';
import type { MusicSource, TempoSpan } from '../source.js';
import { type TrackPreparer, workerPreparer } from './preparer.js';
import { type PreparedTrack, readTrackInfo, type TrackInfo } from './track.js';

export interface PlaylistOptions {
  /**
   * `tempo`: each next track is the unplayed one closest to the tempo the program is heading for
   * (the iso principle, by choosing tracks: files are never time-stretched). `given`: file order.
   */
  order: 'tempo' | 'given';
  /** Start again from the top when every track has played (a session outlasting the playlist). */
  loop: boolean;
  /** The tempo the session starts at: picks the first track, decoded before open() returns. */
  startBpm?: number;
  /** Where tracks are decoded: a worker thread by default (see preparer.ts). */
  preparer?: TrackPreparer;
  log?: Logger;
}

export interface SkippedFile {
  path: string;
  code: string;
  message: string;
}

/** Each track fades in and out this fast: files that start or end mid-waveform do not click. */
const EDGE_MS = 20;

/**
 * The user's music files as a MusicSource. Opening reads every file's tags (and estimates the
 * tempo of untagged ones); a file that cannot be read or decoded is skipped with a message and
 * the playlist goes on. Tracks are decoded one ahead, in the background: rendering never waits,
 * and if the next track is not ready when one ends, the gap is silence.
 */
export class PlaylistSource implements MusicSource {
  readonly name = 'playlist';
  private current: PreparedTrack | undefined;
  private position = 0;
  private next: PreparedTrack | undefined;
  private loading: Promise<void> | undefined;
  private readonly played = new Set<string>();
  private readonly history: string[] = [];
  private exhausted = false;
  private readonly edge = msToFrames(EDGE_MS);
  private readonly preparer: TrackPreparer;

  private constructor(
    readonly tracks: readonly TrackInfo[],
    readonly skipped: SkippedFile[],
    private readonly o: PlaylistOptions,
  ) {
    this.preparer = o.preparer ?? workerPreparer();
  }

  static async open(paths: readonly string[], o: PlaylistOptions): Promise<PlaylistSource> {
    const tracks: TrackInfo[] = [];
    const skipped: SkippedFile[] = [];
    const preparer = o.preparer ?? workerPreparer();
    for (const path of paths) {
      try {
        let info = await readTrackInfo(path);
        // Untagged: decode once to estimate the tempo (only needed when ordering by tempo).
        if (info.bpm === null && o.order === 'tempo') info = (await preparer.prepare(info)).info;
        tracks.push(info);
      } catch (err) {
        skip(skipped, path, err, o.log);
      }
    }
    const source = new PlaylistSource(tracks, skipped, { ...o, preparer });
    source.load(o.startBpm ?? 66);
    await source.ready();
    return source;
  }

  /** True once every track has played and the playlist does not loop. */
  get finished(): boolean {
    return this.exhausted && !this.current && !this.next && !this.loading;
  }

  /** Stops the decoding worker (the playlist can still play what it has). */
  async close(): Promise<void> {
    await this.preparer.close();
  }

  /** Resolves when the track being decoded in the background is ready (or skipped). */
  async ready(): Promise<void> {
    while (this.loading !== undefined) await this.loading;
  }

  describe(): Record<string, unknown> {
    return {
      playing: this.current?.info.path ?? null,
      bpm: this.current?.info.bpm ?? null,
      played: [...this.history],
      skipped: this.skipped.map((s) => ({ ...s })),
    };
  }

  render(out: StereoBlock, frames: number, tempo: TempoSpan): void {
    let written = 0;
    while (written < frames) {
      if (!this.current) this.advance(tempo.targetBpm);
      const track = this.current;
      if (!track) {
        out.left.fill(0, written, frames);
        out.right.fill(0, written, frames);
        return;
      }
      const n = Math.min(frames - written, track.left.length - this.position);
      this.copyWithEdges(track, out, written, n);
      written += n;
      this.position += n;
      if (this.position >= track.left.length) this.current = undefined;
    }
  }

  /** Starts the next track if it is ready, and begins decoding the one after it. */
  private advance(targetBpm: number): void {
    if (!this.next && !this.loading) this.load(targetBpm);
    if (!this.next) return;
    this.current = this.next;
    this.next = undefined;
    this.position = 0;
    this.history.push(this.current.info.path);
    this.o.log?.info({ path: this.current.info.path, bpm: this.current.info.bpm }, 'playing');
    this.load(targetBpm);
  }

  private load(targetBpm: number): void {
    const info = this.choose(targetBpm);
    if (!info) return;
    this.played.add(info.path);
    this.loading = this.preparer.prepare(info).then(
      (track) => {
        this.next = track;
        this.loading = undefined;
      },
      (err: unknown) => {
        skip(this.skipped, info.path, err, this.o.log);
        this.loading = undefined;
        this.load(targetBpm);
      },
    );
  }

  private choose(targetBpm: number): TrackInfo | undefined {
    const skippedPaths = new Set(this.skipped.map((s) => s.path));
    let candidates = this.tracks.filter((t) => !this.played.has(t.path) && !skippedPaths.has(t.path));
    if (candidates.length === 0 && this.o.loop) {
      this.played.clear();
      candidates = this.tracks.filter((t) => !skippedPaths.has(t.path) && t.path !== this.current?.info.path);
    }
    if (candidates.length === 0) {
      this.exhausted = true;
      return undefined;
    }
    if (this.o.order === 'given') return candidates[0];
    const distance = (t: TrackInfo) =>
      t.bpm === null ? Number.POSITIVE_INFINITY : Math.abs(t.bpm - targetBpm);
    return candidates.reduce((best, t) => (distance(t) < distance(best) ? t : best));
  }

  /** Copies n frames, shaping the first and last EDGE_MS of the track with a raised cosine. */
  private copyWithEdges(track: PreparedTrack, out: StereoBlock, at: number, n: number): void {
    const start = this.position;
    out.left.set(track.left.subarray(start, start + n), at);
    out.right.set(track.right.subarray(start, start + n), at);
    const length = track.left.length;
    const edge = Math.min(this.edge, Math.floor(length / 2));
    for (let k = 0; k < n; k++) {
      const p = start + k;
      const fromEnd = length - 1 - p;
      if (p >= edge && fromEnd >= edge) {
        k += Math.max(0, Math.min(n - 1 - k, length - edge - p - 1));
        continue;
      }
      const g = 0.5 * (1 - Math.cos((Math.PI * Math.min(p, fromEnd)) / edge));
      out.left[at + k] = (out.left[at + k] as number) * g;
      out.right[at + k] = (out.right[at + k] as number) * g;
    }
  }
}

function skip(skipped: SkippedFile[], path: string, err: unknown, log?: Logger): void {
  const e = err as Partial<NocturneError>;
  const entry = { path, code: e.code ?? DeviceErrorCode.AudioFileCorrupt, message: e.message ?? String(err) };
  skipped.push(entry);
  log?.warn(entry, 'skipping a music file');
}
