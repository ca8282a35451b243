/**
 * What the wind-down program needs from the music engine (device/music/, issue 5). The runner
 * calls it with the program's effects; an adapter over the engine implements it.
 *
 * Levels are dB(A) at the pillow. The engine converts them with the unit's calibration
 * (dBFS = dB(A) − `calibration.dba_at_0dbfs`; 85 until calibrated, CLINICAL.md:26-29) and keeps
 * its own hard cap as well: two independent guards.
 */
export interface ProgramMusic {
  /**
   * Glide the tempo linearly in BPM from the tempo now to `bpm` over `glideMs` of the Clock,
   * without clicks or jumps. `glideMs` 0 sets the tempo at once (the program does that only at the
   * start, while silent, or to hold the tempo during a snooze). A playlist changes track at
   * its own boundaries, choosing by the tempo then (device/program/iso.ts orders it).
   */
  setTempo(bpm: number, glideMs: number): void;
  /**
   * Ramp the gain linearly in dB from the level now to `dba` over `rampMs`, sample-accurately.
   * When muted, the ramp starts at SILENCE_FLOOR_DBA (20 dB(A)) and the output unmutes at once;
   * that is how every session and every resume fades in from silence.
   */
  setVolume(dba: number, rampMs: number): void;
  /**
   * Silence now, click-free (a ramp of a few ms), audibly within 200 ms of the call, and stay
   * silent until the next `setVolume`. The stop button and the end of every session use it.
   */
  mute(): void;
}

/** The light as the program drives it; the `LightPort` satisfies it. */
export interface ProgramLight {
  /** Fade to `level` (0..1 perceptual) over `rampMs`; 0 ms is at once. */
  setLevel(level: number, rampMs: number): void;
}
