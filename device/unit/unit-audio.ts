import type { MusicPlayer } from '../music/player.js';
import type { SessionMusic } from '../music/session-music.js';

export interface UnitAudio {
  /** The unit's audio port, and the music the program drives. */
  player: MusicPlayer;
  /** What plays in each session. */
  music: SessionMusic;
}
