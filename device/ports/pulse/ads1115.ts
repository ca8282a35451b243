import type { Clock, Timer } from '../../../shared/clock.js';
import { type DeviceRef, deviceMissing, hardwareError } from '../../board/hardware-error.js';
import { hex, I2C_HINTS, type I2cBus, I2cDevice, type OpenI2cBus, openI2cBus } from '../../board/i2c.js';
import { PulseAdapterBase } from './pulse-base.js';
import { SampleRateFit } from './sample-rate-fit.js';

/** ADS1115 registers and config fields (TI ADS1115 datasheet, 8.6). */
export const ADS1115 = {
  CONVERSION: 0x00,
  CONFIG: 0x01,
  /** Data rates (SPS) by DR field value. */
  DATA_RATES: [8, 16, 32, 64, 128, 250, 475, 860] as const,
  /** Full-scale ranges (± V) by PGA field value. */
  FULL_SCALES: [6.144, 4.096, 2.048, 1.024, 0.512, 0.256] as const,
  /** COMP_QUE = 11: comparator off, ALERT/RDY high-impedance. */
  COMP_DISABLE: 0b11,
} as const;

export type Ads1115DataRate = (typeof ADS1115.DATA_RATES)[number];

/** Config word: single-ended `channel`, continuous mode, the given range and rate, comparator off. */
export function ads1115Config(channel: number, fullScaleV: number, dataRate: Ads1115DataRate): number {
  const mux = 0b100 + channel;
  const pga = ADS1115.FULL_SCALES.indexOf(fullScaleV as (typeof ADS1115.FULL_SCALES)[number]);
  const dr = ADS1115.DATA_RATES.indexOf(dataRate);
  if (pga < 0 || dr < 0 || channel < 0 || channel > 3) throw new RangeError('bad ADS1115 settings');
  // OS = 0, MODE = 0 (continuous conversion).
  return (mux << 12) | (pga << 9) | (dr << 5) | ADS1115.COMP_DISABLE;
}

export interface Ads1115Options {
  bus: number;
  address: number;
  channel: number;
  /** ± full scale, V: 4.096 suits a 3.3 V pulse sensor. */
  fullScaleV: number;
  /** Nominal conversions per second: 128 gives ≥ 115 SPS even 10 % slow. */
  dataRate: Ads1115DataRate;
  clock: Clock;
  /** Reads per conversion period: above 2 so no conversion is missed between reads. */
  oversample?: number;
  /** How often samples go out as a batch, ms. */
  batchMs?: number;
  openBus?: OpenI2cBus;
}

/**
 * An analog pulse sensor on an ADS1115 in continuous mode, read directly over i2c-bus (johnny-five's
 * expander driver fixes 128 SPS and cycles all four channels, ~30 Hz each). The conversion register
 * is read a little faster than the data rate; a new value is a new conversion, and its time comes
 * from the ADC's own rate calibrated against the monotonic clock (SampleRateFit), not from the timer.
 */
export class Ads1115Pulse extends PulseAdapterBase {
  private readonly ref: DeviceRef;
  private readonly rateFit: SampleRateFit;
  private bus: I2cBus | undefined;
  private device: I2cDevice | undefined;
  private poller: Timer | undefined;
  private batcher: Timer | undefined;
  private reading = false;
  private last: number | undefined;
  private lastNewMs = 0;
  private t: number[] = [];
  private v: number[] = [];
  private recent: number[] = [];
  private finger = false;

  constructor(private readonly o: Ads1115Options) {
    super(o.clock, 'ads1115');
    this.rateFit = new SampleRateFit({ nominalHz: o.dataRate });
    this.ref = {
      port: 'pulse',
      device: `ADS1115 on /dev/i2c-${o.bus} at 0x${hex(o.address)} AIN${o.channel}`,
      configKey: 'ports.pulse',
      ...I2C_HINTS,
      noAnswerHint: `nothing answers at 0x${hex(o.address)}: check the wiring and ports.pulse.address (i2cdetect -y ${o.bus}; ADDR to GND = 0x48)`,
    };
  }

  async start(): Promise<void> {
    if (this.poller) return;
    try {
      this.bus = await (this.o.openBus ?? openI2cBus)(this.o.bus, this.ref);
      const device = new I2cDevice(this.bus, this.o.address);
      const config = ads1115Config(this.o.channel, this.o.fullScaleV, this.o.dataRate);
      await device.writeUint16(ADS1115.CONFIG, config);
      // Bit 15 (OS) reads 1 when idle; every other bit must read back as written.
      const readBack = await device.readUint16(ADS1115.CONFIG);
      if ((readBack & 0x7fff) !== (config & 0x7fff)) {
        throw deviceMissing(this.ref, `config reads back 0x${readBack.toString(16)}: not an ADS1115`);
      }
      this.device = device;
    } catch (err) {
      await this.closeBus();
      throw this.report(hardwareError(this.ref, err));
    }
    this.rateFit.reset();
    this.last = undefined;
    const pollMs = 1000 / (this.o.dataRate * (this.o.oversample ?? 2.5));
    this.poller = this.clock.setInterval(() => this.poll(), pollMs);
    this.batcher = this.clock.setInterval(() => this.flush(), this.o.batchMs ?? 250);
  }

  override async stop(): Promise<void> {
    this.poller?.cancel();
    this.batcher?.cancel();
    this.poller = undefined;
    this.batcher = undefined;
    await this.closeBus();
    await super.stop();
  }

  protected detail(): Record<string, unknown> {
    return {
      device: this.ref.device,
      nominal_hz: this.o.dataRate,
      calibrated_hz: Math.round(this.rateFit.rateHz * 100) / 100,
      full_scale_v: this.o.fullScaleV,
    };
  }

  private poll(): void {
    const device = this.device;
    if (!device || this.reading) return;
    this.reading = true;
    device
      .readRegister(ADS1115.CONVERSION, 2)
      .then((buf) => {
        this.recovered();
        this.onConversion(buf.readInt16BE(0), this.clock.monotonic());
      })
      .catch((err: unknown) => this.report(hardwareError(this.ref, err)))
      .finally(() => {
        this.reading = false;
      });
  }

  /** A changed value is a new conversion; a gap of several periods means repeats went unseen. */
  private onConversion(raw: number, nowMs: number): void {
    if (raw === this.last) return;
    const period = 1000 / this.rateFit.rateHz;
    const n = this.last === undefined ? 1 : Math.max(1, Math.round((nowMs - this.lastNewMs) / period));
    const previous = this.last ?? raw;
    this.last = raw;
    this.lastNewMs = nowMs;
    const times = this.rateFit.take(n, nowMs);
    const volts = (raw / 32768) * this.o.fullScaleV;
    const before = (previous / 32768) * this.o.fullScaleV;
    for (let i = 0; i < n; i++) {
      this.t.push(times[i] as number);
      // Conversions hidden behind an equal reading repeat the previous value.
      this.v.push(i === n - 1 ? volts : before);
    }
  }

  private flush(): void {
    if (this.t.length === 0) return;
    this.recent = [...this.recent, ...this.v].slice(-Math.round(this.o.dataRate * 2));
    this.finger = analogFinger(this.recent, this.o.fullScaleV);
    this.emitBatch({
      monotonicT: Float64Array.from(this.t),
      value: Float64Array.from(this.v),
      rateHz: this.rateFit.rateHz,
      finger: this.finger,
    });
    this.t = [];
    this.v = [];
  }

  private async closeBus(): Promise<void> {
    this.device = undefined;
    const bus = this.bus;
    this.bus = undefined;
    await bus?.close().catch(() => undefined);
  }
}

/**
 * A finger on an analog sensor: the output sits inside the rails (a floating or saturated input
 * does not) and pulses a little (an empty sensor is flat, ambient flicker is not a pulse shape).
 */
export function analogFinger(volts: readonly number[], fullScaleV: number): boolean {
  if (volts.length < 10) return false;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const v of volts) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  const mean = sum / volts.length;
  const swing = max - min;
  const inRange = mean > 0.05 * fullScaleV && mean < 0.95 * fullScaleV && max < 0.99 * fullScaleV;
  return inRange && swing > 0.002 * fullScaleV && swing < 0.5 * fullScaleV;
}
