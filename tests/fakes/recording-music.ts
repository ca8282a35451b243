import type { MusicControl } from '../../device/music/control.js';
import type { ProgramEffect } from '../../device/program/types.js';
import type { Clock } from '../../shared/clock.js';
import { OutputModel } from './output-model.js';

/** A music engine that plays nothing: it records the calls and follows the levels they imply. */
export class RecordingMusic implements MusicControl {
  readonly calls: { t: number; effect: ProgramEffect }[] = [];
  readonly model = new OutputModel();

  constructor(private readonly clock: Clock) {}

  setTempo(bpm: number, glideMs: number): void {
    this.record({ type: 'tempo', bpm, glideMs });
  }

  setVolume(dba: number | null, rampMs: number): void {
    // The program ends a session by muting; it never asks for a ramp to nothing.
    if (dba === null) throw new Error('the program asked for setVolume(null)');
    this.record({ type: 'volume', dba, rampMs });
  }

  mute(): void {
    this.record({ type: 'mute' });
  }

  /** dB(A) now, null when silent. */
  volume(): number | null {
    return this.model.volumeAt(this.clock.now());
  }

  private record(effect: ProgramEffect): void {
    const t = this.clock.now();
    this.calls.push({ t, effect });
    this.model.apply(t, effect);
  }
}
