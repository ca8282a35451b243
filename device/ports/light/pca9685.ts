import type { Clock } from '../../../shared/clock.js';
import type { DeviceRef } from '../../board/hardware-error.js';
import { hardwareError } from '../../board/hardware-error.js';
import { hex, I2C_HINTS, type I2cBus, I2cDevice, type OpenI2cBus, openI2cBus } from '../../board/i2c.js';
import type { PwmOutput } from './pwm-output.js';

/** PCA9685 registers and bits (NXP PCA9685 datasheet, section 7.3). */
export const PCA9685 = {
  MODE1: 0x00,
  MODE2: 0x01,
  LED0_ON_L: 0x06,
  PRE_SCALE: 0xfe,
  MODE1_RESTART: 0x80,
  MODE1_AI: 0x20,
  MODE1_SLEEP: 0x10,
  MODE2_INVRT: 0x10,
  MODE2_OUTDRV: 0x04,
  /** Bit 4 of LEDn_ON_H / LEDn_OFF_H: full on / full off. */
  FULL: 0x10,
  OSCILLATOR_HZ: 25_000_000,
  /** 4096 steps per period: counts 0..4096 (4096 = full on). */
  STEPS: 4096,
} as const;

/**
 * The smallest prescaler, 3, gives 25 MHz / (4096 × 4) ≈ 1526 Hz: the fastest the chip goes, above
 * IEEE 1789's 1.25 kHz low-risk line for full-depth PWM (CLINICAL.md "Light" — never the ~50 Hz
 * servo default johnny-five sets).
 */
export const PCA9685_PRESCALE = 3;

export interface Pca9685Options {
  bus: number;
  address: number;
  channel: number;
  /** Output inverted (an LED driver that is on when the pin is low). */
  invert: boolean;
  /** Open-drain instead of totem-pole outputs (LED sinks wired straight to the pin). */
  openDrain: boolean;
  clock: Clock;
  openBus?: OpenI2cBus;
}

/** One PCA9685 channel as a 12-bit PWM output at ~1.5 kHz, written over i2c-bus directly. */
export class Pca9685Channel implements PwmOutput {
  readonly adapter = 'pca9685';
  readonly maxCount = PCA9685.STEPS;
  readonly frequencyHz = PCA9685.OSCILLATOR_HZ / (PCA9685.STEPS * (PCA9685_PRESCALE + 1));
  readonly location: string;
  private readonly ref: DeviceRef;
  private device: I2cDevice | undefined;
  private bus: I2cBus | undefined;

  constructor(private readonly o: Pca9685Options) {
    this.location = `/dev/i2c-${o.bus} 0x${hex(o.address)} channel ${o.channel}`;
    this.ref = {
      port: 'light',
      device: `PCA9685 on ${this.location}`,
      configKey: 'ports.light',
      ...I2C_HINTS,
      noAnswerHint: `nothing answers at 0x${hex(o.address)}: check the wiring and ports.light.address (i2cdetect -y ${o.bus})`,
    };
  }

  async open(): Promise<void> {
    this.bus = await (this.o.openBus ?? openI2cBus)(this.o.bus, this.ref);
    const device = new I2cDevice(this.bus, this.o.address);
    try {
      const mode1 = await device.readByte(PCA9685.MODE1);
      // The prescaler is writable only while the oscillator sleeps (datasheet 7.3.5).
      await device.writeByte(PCA9685.MODE1, (mode1 & ~PCA9685.MODE1_RESTART) | PCA9685.MODE1_SLEEP);
      await device.writeByte(PCA9685.PRE_SCALE, PCA9685_PRESCALE);
      await device.writeByte(
        PCA9685.MODE2,
        (this.o.openDrain ? 0 : PCA9685.MODE2_OUTDRV) | (this.o.invert ? PCA9685.MODE2_INVRT : 0),
      );
      await device.writeRegister(this.register(), [0, 0, 0, PCA9685.FULL]);
      await device.writeByte(PCA9685.MODE1, PCA9685.MODE1_AI);
      // The oscillator needs 500 µs after waking before RESTART (datasheet 7.3.1.1).
      await this.o.clock.sleep(1);
      await device.writeByte(PCA9685.MODE1, PCA9685.MODE1_AI | PCA9685.MODE1_RESTART);
    } catch (err) {
      await this.release();
      throw hardwareError(this.ref, err);
    }
    this.device = device;
  }

  async write(count: number): Promise<void> {
    const device = this.device;
    if (!device) return;
    const c = Math.round(Math.min(this.maxCount, Math.max(0, count)));
    const bytes =
      c === 0
        ? [0, 0, 0, PCA9685.FULL]
        : c >= PCA9685.STEPS
          ? [0, PCA9685.FULL, 0, 0]
          : [0, 0, c & 0xff, (c >> 8) & 0x0f];
    try {
      await device.writeRegister(this.register(), bytes);
    } catch (err) {
      throw hardwareError(this.ref, err);
    }
  }

  async close(): Promise<void> {
    await this.write(0).catch(() => undefined);
    await this.release();
  }

  private register(): number {
    return PCA9685.LED0_ON_L + 4 * this.o.channel;
  }

  private async release(): Promise<void> {
    this.device = undefined;
    const bus = this.bus;
    this.bus = undefined;
    await bus?.close().catch(() => undefined);
  }
}
