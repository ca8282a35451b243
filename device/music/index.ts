/**
 * The music side of the unit: what the wind-down program (device/program/) drives.
 *
 * The program talks to music through `MusicControl` only, in the units of CLINICAL.md: tempo in
 * BPM and level in dB(A) at the pillow. Everything under it — the generative engine or a playlist,
 * the gain stage, the cap, the limiter, the sink — is hidden behind it.
 *
 * ```ts
 * const player = new MusicPlayer({ clock, sink, calibration: { dbaAt0Dbfs: 85, capDba: 55 } });
 * await player.start();                                  // opens the sink, starts clock-paced rendering
 * player.load(GenerativeSource.fromPreset('warm', seed)); // or await PlaylistSource.open(files, …)
 * player.setTempo(72, 0);                                // start near the heart rate (iso principle)
 * player.setVolume(45, 10_000);                          // fade in from silence over 10 s
 * player.setTempo(60, 20 * 60_000);                      // glide to 60 BPM over 20 minutes
 * player.setVolume(null, 10 * 60_000);                   // fade to silence, linear in dB
 * player.mute();                                         // stop button: silent within 25 ms, no click
 * await player.stop();                                   // end of session: ends in silence, closes the sink
 * ```
 *
 * Timing: every call takes effect at the frame of the Clock time it is made at (plus the
 * player's lead on a real device). With a VirtualClock and `leadMs: 0`, advancing the clock
 * renders the session offline as fast as the CPU allows, frame-exact and deterministic for a
 * seed (that is `nocturne render`); with a real or scaled clock the same calls play in real time.
 */
import type { MusicSnapshot } from './engine.js';

export interface MusicControl {
  /**
   * Glides the tempo from where it is now to `bpm` over `glideMs` (0 = at once), linearly in BPM.
   * A new call starts from the tempo reached so far, so calling it every tick with the program's
   * current target is smooth. Clamped to 40–120 BPM; the program keeps it in 60–80.
   */
  setTempo(bpm: number, glideMs: number): void;
  /**
   * Ramps the level to `dba` (dB(A) at the pillow) over `rampMs`, linearly in dB, sample-accurate;
   * `null` ramps to silence (to −100 dBFS, then exact zero). Requests above the cap are held at
   * the cap (default 55 dB(A), never above 60). A ramp from silence starts at −100 dBFS.
   * Rises are slew-limited to 6 dB/s (a faster request is stretched into a swell; falls are not).
   * A new call starts from the level reached so far.
   */
  setVolume(dba: number | null, rampMs: number): void;
  /** The stop button: silence within 25 ms (a raised-cosine, no click). setVolume ramps back up. */
  mute(): void;
  /** Tempo and level now and their targets, the cap, what is playing (for state and logs). */
  snapshot(): MusicSnapshot;
}

export type { Calibration } from './calibration.js';
export { ABSOLUTE_MAX_DBA, DEFAULT_CAP_DBA, DEFAULT_DBA_AT_0DBFS, LevelMap } from './calibration.js';
export { MusicEngine } from './engine.js';
export { createMusicPlayer, type MusicFromConfig } from './from-config.js';
export { GenerativeSource } from './generative/generative-source.js';
export { DEFAULT_PRESET, type PresetName, presets } from './generative/presets.js';
export { MusicPlayer, type MusicPlayerOptions } from './player.js';
export { PlaylistSource } from './playlist/playlist-source.js';
export type { MusicSource, TempoSpan } from './source.js';
export type { MusicSnapshot };
