import type { Clock, Timer } from '../../../shared/clock.js';
import { type DeviceRef, deviceMissing, hardwareError } from '../../board/hardware-error.js';
import { hex, I2C_HINTS, type I2cBus, I2cDevice, type OpenI2cBus, openI2cBus } from '../../board/i2c.js';
import { PulseAdapterBase } from './pulse-base.js';
import { SampleRateFit } from './sample-rate-fit.js';

/** MAX30102 registers and fields (Maxim MAX30102 datasheet, register map). */
export const MAX30102 = {
  INT_STATUS_1: 0x00,
  FIFO_WR_PTR: 0x04,
  OVF_COUNTER: 0x05,
  FIFO_RD_PTR: 0x06,
  FIFO_DATA: 0x07,
  FIFO_CONFIG: 0x08,
  MODE_CONFIG: 0x09,
  SPO2_CONFIG: 0x0a,
  LED1_PA: 0x0c,
  LED2_PA: 0x0d,
  PART_ID: 0xff,
  PART_ID_VALUE: 0x15,
  MODE_RESET: 0x40,
  MODE_SPO2: 0x03,
  /** FIFO_ROLLOVER_EN: keep the newest samples on overflow (OVF_COUNTER says how many were lost). */
  FIFO_ROLLOVER: 0x10,
  /** SPO2_CONFIG: ADC range 4096 nA (01), 100 samples/s (001), 411 µs pulses, 18-bit (11). */
  SPO2_100HZ_18BIT: (0b01 << 5) | (0b001 << 2) | 0b11,
  FIFO_DEPTH: 32,
  BYTES_PER_SAMPLE: 6,
  FULL_SCALE: 0x3ffff,
  /** LED current step, mA per LSB. */
  MA_PER_LSB: 0.2,
} as const;

export interface Max30102Options {
  bus: number;
  address: number;
  /** LED drive current, mA (0–51). */
  ledCurrentMa: number;
  /** IR level (18-bit counts) above which a finger is on the sensor. */
  fingerThreshold: number;
  clock: Clock;
  /** How often the FIFO is drained, ms: the 32-sample FIFO holds 320 ms at 100 Hz. */
  readEveryMs?: number;
  openBus?: OpenI2cBus;
}

/**
 * A MAX30102 in SpO2 mode at 100 samples/s: the FIFO is drained every 100 ms, samples counted by
 * FIFO pointers (overflow included) and stamped by the sensor's own rate, calibrated (SampleRateFit).
 * The waveform is the IR channel, inverted so that more blood reads higher; a finger is on the
 * sensor when the IR level passes the threshold.
 */
export class Max30102Pulse extends PulseAdapterBase {
  private readonly ref: DeviceRef;
  private readonly rateFit = new SampleRateFit({ nominalHz: 100 });
  private bus: I2cBus | undefined;
  private device: I2cDevice | undefined;
  private timer: Timer | undefined;
  private reading = false;
  private finger = false;
  private lost = 0;
  private lastArrival: number | undefined;

  constructor(private readonly o: Max30102Options) {
    super(o.clock, 'max30102');
    this.ref = {
      port: 'pulse',
      device: `MAX30102 on /dev/i2c-${o.bus} at 0x${hex(o.address)}`,
      configKey: 'ports.pulse',
      ...I2C_HINTS,
      noAnswerHint: `nothing answers at 0x${hex(o.address)}: check the wiring and ports.pulse.address (i2cdetect -y ${o.bus}; the MAX30102 is 0x57)`,
    };
  }

  async start(): Promise<void> {
    if (this.timer) return;
    try {
      this.bus = await (this.o.openBus ?? openI2cBus)(this.o.bus, this.ref);
      const device = new I2cDevice(this.bus, this.o.address);
      const part = await device.readByte(MAX30102.PART_ID);
      if (part !== MAX30102.PART_ID_VALUE)
        throw deviceMissing(this.ref, `part id 0x${hex(part)}: not a MAX30102`);
      await device.writeByte(MAX30102.MODE_CONFIG, MAX30102.MODE_RESET);
      // RESET clears itself when the reset is done (datasheet: mode configuration).
      for (let i = 0; (await device.readByte(MAX30102.MODE_CONFIG)) & MAX30102.MODE_RESET; i++) {
        if (i > 50) throw deviceMissing(this.ref, 'reset did not complete');
        await this.clock.sleep(1);
      }
      await device.writeByte(MAX30102.FIFO_CONFIG, MAX30102.FIFO_ROLLOVER | 0x0f);
      await device.writeByte(MAX30102.SPO2_CONFIG, MAX30102.SPO2_100HZ_18BIT);
      const pa = Math.round(Math.min(51, Math.max(0, this.o.ledCurrentMa)) / MAX30102.MA_PER_LSB);
      await device.writeByte(MAX30102.LED1_PA, pa);
      await device.writeByte(MAX30102.LED2_PA, pa);
      await device.writeByte(MAX30102.FIFO_WR_PTR, 0);
      await device.writeByte(MAX30102.OVF_COUNTER, 0);
      await device.writeByte(MAX30102.FIFO_RD_PTR, 0);
      await device.writeByte(MAX30102.MODE_CONFIG, MAX30102.MODE_SPO2);
      this.device = device;
    } catch (err) {
      await this.closeBus();
      throw this.report(hardwareError(this.ref, err));
    }
    this.rateFit.reset();
    this.lastArrival = undefined;
    this.timer = this.clock.setInterval(() => this.drain(), this.o.readEveryMs ?? 100);
  }

  override async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    // Shut the LEDs off (SHDN) so the sensor does not glow all night.
    await this.device?.writeByte(MAX30102.MODE_CONFIG, 0x80).catch(() => undefined);
    await this.closeBus();
    await super.stop();
  }

  protected detail(): Record<string, unknown> {
    return {
      device: this.ref.device,
      nominal_hz: 100,
      calibrated_hz: Math.round(this.rateFit.rateHz * 100) / 100,
      finger: this.finger,
      lost_samples: this.lost,
    };
  }

  private drain(): void {
    const device = this.device;
    if (!device || this.reading) return;
    this.reading = true;
    this.readFifo(device)
      .then(() => this.recovered())
      .catch((err: unknown) => this.report(hardwareError(this.ref, err)))
      .finally(() => {
        this.reading = false;
      });
  }

  private async readFifo(device: I2cDevice): Promise<void> {
    const [write, overflow, read] = [...(await device.readRegister(MAX30102.FIFO_WR_PTR, 3))] as [
      number,
      number,
      number,
    ];
    const arrival = this.clock.monotonic();
    // With rollover, a full FIFO has equal pointers and a non-zero overflow count.
    const available = overflow > 0 ? MAX30102.FIFO_DEPTH : (write - read) & (MAX30102.FIFO_DEPTH - 1);
    if (available === 0) return;
    // OVF_COUNTER saturates at 31: past that, the time since the last read says how many were lost.
    const sinceLast =
      this.lastArrival === undefined ? 0 : ((arrival - this.lastArrival) * this.rateFit.rateHz) / 1000;
    const skipped = overflow >= 31 ? Math.max(overflow, Math.round(sinceLast) - available) : overflow;
    this.lastArrival = arrival;
    this.lost += skipped;
    const bytes = Buffer.alloc(available * MAX30102.BYTES_PER_SAMPLE);
    // A plain read: the FIFO data register does not auto-increment, and SMBus blocks stop at 32 bytes.
    await device.bus.i2cWrite(device.address, 1, Buffer.from([MAX30102.FIFO_DATA]));
    await device.bus.i2cRead(device.address, bytes.length, bytes);
    const times = this.rateFit.take(available, arrival, skipped);
    const value = new Float64Array(available);
    let irSum = 0;
    for (let i = 0; i < available; i++) {
      const ir = bytes.readUIntBE(i * 6 + 3, 3) & MAX30102.FULL_SCALE;
      irSum += ir;
      value[i] = MAX30102.FULL_SCALE - ir;
    }
    this.finger = irSum / available > this.o.fingerThreshold;
    this.emitBatch({ monotonicT: times, value, rateHz: this.rateFit.rateHz, finger: this.finger });
  }

  private async closeBus(): Promise<void> {
    this.device = undefined;
    const bus = this.bus;
    this.bus = undefined;
    await bus?.close().catch(() => undefined);
  }
}
