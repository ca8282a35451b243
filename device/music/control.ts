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
/**
 * The one seam between the wind-down program (device/program/) and the music (device/music/):
 * the program drives the music through this and nothing else, in the units of CLINICAL.md —
 * tempo in BPM, level in dB(A) at the pillow. The player implements it over the generative
 * engine or a playlist, the gain stage, the cap, the limiter and the sink; offline runs and tests
 * implement it with recorders. The player converts levels with the unit's calibration
 * (dBFS = dB(A) − `dba_at_0dbfs`; 85 until calibrated, CLINICAL.md "Sound level") and holds its
 * own hard cap as well: two independent guards.
 */
export interface MusicControl {
  /**
   * Glides the tempo from where it is now to `bpm` over `glideMs` (0 = at once), linearly in BPM,
   * without clicks. A new call starts from the tempo reached so far, so calling it every tick with
   * the program's current target is smooth. Clamped to 40–120 BPM; the program keeps it in 60–80.
   * A playlist changes track at its own boundaries, choosing by the tempo then.
   */
  setTempo(bpm: number, glideMs: number): void;
  /**
   * Ramps the level to `dba` over `rampMs`, linearly in dB, sample-accurate; `null` ramps to
   * silence (to −100 dBFS, then exact zero). Requests above the cap are held at the cap (default
   * 55 dB(A), never above 60). After `mute()` or from silence the ramp starts at −100 dBFS and the
   * output unmutes at once: that is how every session and every resume fades in. Rises are
   * slew-limited to 6 dB/s (a faster request is stretched into a swell; falls are not). A new call
   * starts from the level reached so far.
   */
  setVolume(dba: number | null, rampMs: number): void;
  /**
   * Silence now and stay silent until the next `setVolume`: within 25 ms of the call, through a
   * raised-cosine ramp (no click). The stop button and the end of every session use it.
   */
  mute(): void;
}
