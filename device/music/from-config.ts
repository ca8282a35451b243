import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { AudioConfig } from '../ports/audio/config.js';
import { createAudioSink } from '../ports/audio/factory.js';
import { MusicPlayer } from './player.js';

export interface MusicFromConfig {
  audio: AudioConfig;
  /** The unit's `calibration` config section (snake_case, as validated by device/config/device-config.ts). */
  calibration: { dba_at_0dbfs?: number; volume_cap_dba?: number };
  clock: Clock;
  log: Logger;
}

/**
 * The composition root's one call for sound: the sink the config names (probing `speaker`,
 * falling back to `aplay`) and a player calibrated like the unit. Start it at session start,
 * stop it at session end; its faults carry E_AUDIO_* codes for the unit's `state`.
 */
export async function createMusicPlayer(o: MusicFromConfig): Promise<MusicPlayer> {
  const sink = await createAudioSink(o.audio, { clock: o.clock, log: o.log });
  return new MusicPlayer({
    clock: o.clock,
    sink,
    leadMs: o.audio.lead_ms,
    calibration: { dbaAt0Dbfs: o.calibration.dba_at_0dbfs, capDba: o.calibration.volume_cap_dba },
  });
}
