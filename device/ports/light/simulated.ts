import type { Clock } from '../../../shared/clock.js';
import { PwmLight } from './pwm-light.js';
import type { PwmOutput } from './pwm-output.js';

/** A PWM channel that only remembers its duty: the twin of a 12-bit PCA9685 channel at 1.5 kHz. */
export class SimulatedPwm implements PwmOutput {
  readonly adapter = 'simulated';
  readonly location = 'memory';
  readonly frequencyHz = 1526;
  readonly maxCount = 4095;
  /** The duty count last written (0 = off). */
  count = 0;
  /** Every write, in order: what a test reads to check fades step by step. */
  readonly writes: number[] = [];
  private recordWrites = false;

  /** Keep every write in `writes` (off by default: a long demo would grow it without bound). */
  record(): this {
    this.recordWrites = true;
    return this;
  }

  async open(): Promise<void> {
    this.count = 0;
  }

  async write(count: number): Promise<void> {
    this.count = count;
    if (this.recordWrites) this.writes.push(count);
  }

  async close(): Promise<void> {
    this.count = 0;
  }
}

/**
 * The simulated twin of the light: the same perceptual light controller the real adapters use, on a
 * simulated 12-bit PWM channel, so fades, the cap and the pacer behave exactly as on a unit.
 */
export class SimulatedLight extends PwmLight {
  constructor(
    clock: Clock,
    /** Highest level allowed, 0..1 perceptual (the evening lux limit from calibration). */
    cap = 1,
    readonly pwm: SimulatedPwm = new SimulatedPwm(),
  ) {
    super({ clock, output: pwm, cap });
  }
}
