import { ScaledClock, VirtualClock } from '../../shared/clock.js';

/**
 * A virtual clock whose wall time can be stepped (NTP after boot) while its timers keep running
 * on monotonic time, as a real machine's do.
 */
export class SteppingClock extends VirtualClock {
  private offset = 0;
  override now(): number {
    return super.now() + this.offset;
  }
  /** Moves the wall clock by `ms` (either way) without running any timer. */
  step(ms: number): void {
    this.offset += ms;
  }
}

/** A ScaledClock whose wall time can be stepped while its timers run on (scaled) real time. */
export class SteppingScaledClock extends ScaledClock {
  private offset = 0;
  override now(): number {
    return super.now() + this.offset;
  }
  step(ms: number): void {
    this.offset += ms;
  }
}
