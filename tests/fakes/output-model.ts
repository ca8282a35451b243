import type { ProgramEffect } from '../../device/program/types.js';

/** Where the program books a ramp from mute to start: its silence floor (docs/program.md, the effect contract). */
const FLOOR_DBA = 20;

interface Line {
  from: number;
  to: number;
  t0: number;
  t1: number;
}

const at = (l: Line, t: number) =>
  t >= l.t1 ? l.to : t <= l.t0 ? l.from : l.from + ((l.to - l.from) * (t - l.t0)) / (l.t1 - l.t0);

/**
 * What a correct music engine and light do with the program's effects, written independently of
 * the program from the contract alone: linear ramps from the level now, mute, unmute at the floor.
 * Tests judge the program by what this model plays, not by the program's own bookkeeping.
 */
export class OutputModel {
  private volume: Line = { from: FLOOR_DBA, to: FLOOR_DBA, t0: 0, t1: 0 };
  private light: Line = { from: 0, to: 0, t0: 0, t1: 0 };
  private tempo: Line = { from: 0, to: 0, t0: 0, t1: 0 };
  muted = true;

  apply(t: number, effect: ProgramEffect): void {
    switch (effect.type) {
      case 'volume': {
        const from = this.muted ? FLOOR_DBA : at(this.volume, t);
        this.volume = { from, to: effect.dba, t0: t, t1: t + effect.rampMs };
        this.muted = false;
        break;
      }
      case 'mute':
        this.muted = true;
        break;
      case 'light':
        this.light = { from: at(this.light, t), to: effect.level, t0: t, t1: t + effect.rampMs };
        break;
      case 'tempo':
        this.tempo = { from: at(this.tempo, t), to: effect.bpm, t0: t, t1: t + effect.glideMs };
        break;
      default:
        break;
    }
  }

  /** dB(A) at the pillow, or null when silent. */
  volumeAt(t: number): number | null {
    return this.muted ? null : at(this.volume, t);
  }

  /** The volume a new ramp starts from: the floor when muted. */
  volumeFrom(t: number): number {
    return this.muted ? FLOOR_DBA : at(this.volume, t);
  }

  /** The target of the running volume ramp. */
  volumeTarget(): number {
    return this.muted ? FLOOR_DBA : this.volume.to;
  }

  /** When the running volume ramp ends. */
  volumeRampEnd(): number {
    return this.muted ? Number.NEGATIVE_INFINITY : this.volume.t1;
  }

  lightRampEnd(): number {
    return this.light.t1;
  }

  lightAt(t: number): number {
    return at(this.light, t);
  }

  lightTarget(): number {
    return this.light.to;
  }

  tempoAt(t: number): number {
    return at(this.tempo, t);
  }
}
