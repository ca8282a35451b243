import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { GenerativeSource } from './generative/generative-source.js';
import type { PresetName } from './generative/presets.js';
import { PlaylistSource } from './playlist/playlist-source.js';
import type { MusicSource } from './source.js';

/** File types the playlist decoders read (docs/music.md). */
const AUDIO_FILES = new Set(['.wav', '.flac', '.ogg', '.oga', '.mp3']);

export interface SessionMusicOptions {
  /** The generative preset: what plays when there is no playlist, or it cannot be read. */
  preset: PresetName;
  /** The patient's or clinic's music: files and folders (read one level deep). Empty: generative. */
  playlist: readonly string[];
  log: Logger;
}

/**
 * Chooses what plays in each session: the playlist ordered by tempo from the session's start
 * tempo (the iso principle, by choosing tracks), or the generative engine seeded by the session
 * id. A playlist that cannot be read falls back to the generative engine: a session always has
 * music.
 */
export class SessionMusic {
  private open: PlaylistSource | undefined;

  constructor(private readonly o: SessionMusicOptions) {}

  /** What plays in a session; `preset` is a session's own (a scheduled entry's), else the configured one. */
  description(preset?: PresetName): { source: 'generative' | 'playlist'; preset: string | null } {
    if (preset !== undefined) return { source: 'generative', preset };
    return this.o.playlist.length > 0
      ? { source: 'playlist', preset: null }
      : { source: 'generative', preset: this.o.preset };
  }

  async sourceFor(sessionId: string, startBpm: number, preset?: PresetName): Promise<MusicSource> {
    if (preset !== undefined) {
      await this.release();
      return GenerativeSource.fromPreset(preset, sessionId);
    }
    await this.release();
    const files = audioFiles(this.o.playlist);
    if (files.length > 0) {
      try {
        const playlist = await PlaylistSource.open(files, {
          order: 'tempo',
          loop: true,
          startBpm,
          log: this.o.log,
        });
        if (playlist.tracks.length > 0) {
          this.open = playlist;
          return playlist;
        }
        await playlist.close();
        this.o.log.warn(
          { skipped: playlist.skipped.length },
          'no playable track in the playlist; playing generative music',
        );
      } catch (err) {
        this.o.log.warn({ err: errorMessage(err) }, 'playlist unusable; playing generative music');
      }
    } else if (this.o.playlist.length > 0) {
      this.o.log.warn(
        { playlist: this.o.playlist },
        'no audio files in the playlist; playing generative music',
      );
    }
    return GenerativeSource.fromPreset(this.o.preset, sessionId);
  }

  /** Frees the playlist's decoder (the end of a session). */
  async release(): Promise<void> {
    const playlist = this.open;
    this.open = undefined;
    await playlist?.close();
  }
}

function audioFiles(entries: readonly string[]): string[] {
  const files: string[] = [];
  for (const entry of entries) {
    if (!existsSync(entry)) continue;
    if (statSync(entry).isDirectory()) {
      for (const name of readdirSync(entry).sort()) {
        if (AUDIO_FILES.has(extname(name).toLowerCase())) files.push(join(entry, name));
      }
    } else files.push(entry);
  }
  return files;
}
