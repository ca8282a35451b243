/**
 * One PWM channel driving the light, as the light controller sees it: a duty in whole counts of
 * the channel's resolution. PCA9685 channels, sysfs PWM channels and the simulated twin implement it.
 */
export interface PwmOutput {
  /** Adapter name reported in status(), e.g. "pca9685". */
  readonly adapter: string;
  /** Where it is, for status and doctor, e.g. "i2c-1 0x40 channel 0". */
  readonly location: string;
  /** PWM frequency actually set, Hz (after the device's own rounding). */
  readonly frequencyHz: number;
  /** Full-scale duty in counts: 4095 for a 12-bit PCA9685. */
  readonly maxCount: number;
  /** Opens the device and sets the frequency, output off. */
  open(): Promise<void>;
  /** Sets the duty, 0..maxCount (0 is fully off). */
  write(count: number): Promise<void>;
  /** Output off and the device released. */
  close(): Promise<void>;
}

/** Resolution in bits of a channel with `maxCount` steps. */
export function resolutionBits(maxCount: number): number {
  return Math.round(Math.log2(maxCount + 1) * 10) / 10;
}
