/** The music side of the unit: see control.ts for the seam the program drives. */

export type { Calibration } from './calibration.js';
export { ABSOLUTE_MAX_DBA, DEFAULT_CAP_DBA, DEFAULT_DBA_AT_0DBFS, LevelMap } from './calibration.js';
export type { MusicControl } from './control.js';
export type { MusicSnapshot } from './engine.js';
export { MusicEngine } from './engine.js';
export { createMusicPlayer, type MusicFromConfig } from './from-config.js';
export { GenerativeSource } from './generative/generative-source.js';
export { DEFAULT_PRESET, type PresetName, presets } from './generative/presets.js';
export { MusicPlayer, type MusicPlayerOptions } from './player.js';
export { PlaylistSource } from './playlist/playlist-source.js';
export type { MusicSource, TempoSpan } from './source.js';
