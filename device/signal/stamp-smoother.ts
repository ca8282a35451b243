/**
 * Turns jittery sample timestamps into a smooth time base. Sensors sample on their own crystal,
 * but the times we get are stamped late and unevenly (serial and USB buffering, 16-ms OS timers,
 * duplicated stamps). A second-order tracking loop follows the true sample period and phase, so
 * beat times are not shaken by the stamping. A jump beyond `gapMs` is a gap (samples lost, sensor
 * restarted): the clock restarts there and reports it, so nothing measures across it.
 */
export class StampSmoother {
  private smoothed = Number.NaN;
  private periodMs: number;
  private readonly nominalMs: number;
  private readonly gapMs: number;

  constructor(rateHz: number) {
    this.nominalMs = 1000 / rateHz;
    this.periodMs = this.nominalMs;
    // Several missing samples, and never less than 250 ms: shorter holes are stamping jitter.
    this.gapMs = Math.max(250, 5 * this.nominalMs);
  }

  /** The smoothed time of the sample stamped `t`; `true` from `restarted()` after a gap. */
  next(t: number): number {
    if (Number.isNaN(this.smoothed)) {
      this.smoothed = t;
      this.gap = true;
      return t;
    }
    const predicted = this.smoothed + this.periodMs;
    const error = t - predicted;
    if (error > this.gapMs || error < -this.gapMs) {
      this.smoothed = t;
      this.periodMs = this.nominalMs;
      this.gap = true;
      return t;
    }
    this.gap = false;
    // Critically damped loop: phase gain 1/32, period gain (1/32)^2 / 4. Period kept within ±20 %.
    this.smoothed = predicted + PHASE_GAIN * error;
    const period = this.periodMs + FREQUENCY_GAIN * error;
    this.periodMs = Math.min(1.2 * this.nominalMs, Math.max(0.8 * this.nominalMs, period));
    return this.smoothed;
  }

  /** The next sample starts a new stretch, whatever its time (the sensor lost contact). */
  reset(): void {
    this.smoothed = Number.NaN;
    this.periodMs = this.nominalMs;
  }

  /** Whether the last sample started a new stretch (first sample, or after a gap). */
  restarted(): boolean {
    return this.gap;
  }

  private gap = true;
}

const PHASE_GAIN = 1 / 32;
const FREQUENCY_GAIN = (PHASE_GAIN * PHASE_GAIN) / 4;
