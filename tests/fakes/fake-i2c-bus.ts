import type { I2cBus } from '../../device/board/i2c.js';
import type { Clock } from '../../shared/clock.js';

/** A register-level I2C device model. */
export interface FakeI2cDevice {
  /** Register read with auto-increment as the chip does it. */
  read(register: number, length: number): number[];
  write(register: number, bytes: number[]): void;
}

export interface I2cWrite {
  address: number;
  register: number;
  bytes: number[];
}

function noAck(address: number): Error {
  return Object.assign(new Error(`Remote I/O error (no ACK from 0x${address.toString(16)})`), {
    code: 'EREMOTEIO',
  });
}

/**
 * A fake of i2c-bus's promisified bus: devices by address, every write logged. A plain write sets
 * the register pointer, as on a real chip, so write-then-read works like the hardware.
 */
export class FakeI2cBus implements I2cBus {
  readonly writes: I2cWrite[] = [];
  closed = false;
  private readonly pointer = new Map<number, number>();

  constructor(readonly devices: Map<number, FakeI2cDevice> = new Map()) {}

  private device(address: number): FakeI2cDevice {
    const d = this.devices.get(address);
    if (!d || this.closed) throw noAck(address);
    return d;
  }

  async i2cRead(address: number, length: number, buffer: Buffer) {
    const bytes = this.device(address).read(this.pointer.get(address) ?? 0, length);
    buffer.set(bytes);
    return { bytesRead: length, buffer };
  }

  async i2cWrite(address: number, length: number, buffer: Buffer) {
    const [register = 0, ...rest] = [...buffer.subarray(0, length)];
    this.pointer.set(address, register);
    if (rest.length > 0) this.logWrite(address, register, rest);
    else this.device(address);
    return { bytesWritten: length, buffer };
  }

  async readI2cBlock(address: number, command: number, length: number, buffer: Buffer) {
    if (length > 32) throw new Error('SMBus block transfers stop at 32 bytes');
    buffer.set(this.device(address).read(command, length));
    return { bytesRead: length, buffer };
  }

  async writeI2cBlock(address: number, command: number, length: number, buffer: Buffer) {
    this.logWrite(address, command, [...buffer.subarray(0, length)]);
    return { bytesWritten: length, buffer };
  }

  async readByte(address: number, command: number): Promise<number> {
    return this.device(address).read(command, 1)[0] as number;
  }

  async writeByte(address: number, command: number, byte: number): Promise<void> {
    this.logWrite(address, command, [byte]);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private logWrite(address: number, register: number, bytes: number[]): void {
    this.device(address).write(register, bytes);
    this.writes.push({ address, register, bytes });
  }
}

/** PCA9685: 256 registers with auto-increment; PRE_SCALE only takes writes while SLEEP is set. */
export class FakePca9685 implements FakeI2cDevice {
  readonly regs = new Uint8Array(256);

  constructor() {
    this.regs[0x00] = 0x11; // MODE1 after power-up: SLEEP | ALLCALL
    this.regs[0x01] = 0x04; // MODE2: OUTDRV
    this.regs[0xfe] = 0x1e; // PRE_SCALE default (200 Hz)
  }

  read(register: number, length: number): number[] {
    return [...this.regs.subarray(register, register + length)];
  }

  write(register: number, bytes: number[]): void {
    bytes.forEach((b, i) => {
      const r = register + i;
      if (r === 0xfe && !((this.regs[0x00] as number) & 0x10)) return; // datasheet: ignored unless asleep
      this.regs[r] = b;
    });
  }

  get frequencyHz(): number {
    return 25_000_000 / (4096 * ((this.regs[0xfe] as number) + 1));
  }

  /** Duty of a channel in 1/4096 steps (4096 = full on), as the output pin would show it. */
  duty(channel: number): number {
    const base = 0x06 + 4 * channel;
    const [onL, onH, offL, offH] = this.read(base, 4) as [number, number, number, number];
    if (offH & 0x10) return 0;
    if (onH & 0x10) return 4096;
    const on = onL | ((onH & 0x0f) << 8);
    const off = offL | ((offH & 0x0f) << 8);
    return (off - on + 4096) % 4096;
  }
}

/**
 * ADS1115 converting continuously at its *actual* rate (`rateError` off nominal, as a real part is
 * up to ±10 %): the conversion register holds the latest conversion of `signal(tMs)`.
 */
export class FakeAds1115 implements FakeI2cDevice {
  config = 0x8583;
  private readonly startMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly signal: (tMs: number) => number,
    private readonly rateError = 0,
  ) {
    this.startMs = clock.monotonic();
  }

  get actualRateHz(): number {
    const dr = [8, 16, 32, 64, 128, 250, 475, 860][(this.config >> 5) & 0b111] as number;
    return dr * (1 + this.rateError);
  }

  /** When conversion k completed (monotonic ms). */
  conversionTime(k: number): number {
    return this.startMs + ((k + 1) * 1000) / this.actualRateHz;
  }

  read(register: number, length: number): number[] {
    const word = register === 0x01 ? this.config | 0x8000 : this.conversion();
    return [(word >> 8) & 0xff, word & 0xff].slice(0, length);
  }

  write(register: number, bytes: number[]): void {
    if (register === 0x01) this.config = (((bytes[0] as number) << 8) | (bytes[1] as number)) & 0x7fff;
  }

  private conversion(): number {
    const k = Math.floor(((this.clock.monotonic() - this.startMs) * this.actualRateHz) / 1000) - 1;
    if (k < 0) return 0;
    const fullScale = [6.144, 4.096, 2.048, 1.024, 0.512, 0.256][(this.config >> 9) & 0b111] as number;
    const raw = Math.round((this.signal(this.conversionTime(k)) / fullScale) * 32768);
    return Math.max(-32768, Math.min(32767, raw)) & 0xffff;
  }
}

/**
 * MAX30102: a 32-sample FIFO filled at the sensor's actual rate (100 Hz × (1 + rateError)) from
 * `ir(tMs)` and `red(tMs)`, with rollover and the overflow counter, PART_ID 0x15, and RESET.
 */
export class FakeMax30102 implements FakeI2cDevice {
  readonly regs = new Uint8Array(256);
  private produced = 0;
  private fifo: number[][] = [];
  private startMs = 0;
  overflowTotal = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ir: (tMs: number) => number,
    private readonly rateError = 0,
    private readonly red: (tMs: number) => number = ir,
  ) {
    this.regs[0xff] = 0x15;
  }

  get actualRateHz(): number {
    return 100 * (1 + this.rateError);
  }

  read(register: number, length: number): number[] {
    this.fill();
    if (register === 0x07) {
      const out: number[] = [];
      while (out.length < length) {
        const sample = this.fifo.shift() ?? [0, 0, 0, 0, 0, 0];
        out.push(...sample);
        this.regs[0x06] = ((this.regs[0x06] as number) + 1) & 31;
        this.regs[0x05] = 0;
      }
      return out.slice(0, length);
    }
    return [...this.regs.subarray(register, register + length)];
  }

  write(register: number, bytes: number[]): void {
    bytes.forEach((b, i) => {
      const r = register + i;
      if (r === 0x09 && b & 0x40) {
        this.regs.fill(0, 0, 0xfe);
        this.fifo = [];
        return; // RESET clears itself at once here
      }
      this.regs[r] = b;
      if (r === 0x09 && (b & 0x07) === 0x03) {
        this.startMs = this.clock.monotonic();
        this.produced = 0;
      }
    });
  }

  private fill(): void {
    if (((this.regs[0x09] as number) & 0x07) !== 0x03) return;
    const due = Math.floor(((this.clock.monotonic() - this.startMs) * this.actualRateHz) / 1000);
    for (; this.produced < due; this.produced++) {
      const t = this.startMs + ((this.produced + 1) * 1000) / this.actualRateHz;
      const r = Math.round(this.red(t)) & 0x3ffff;
      const ir = Math.round(this.ir(t)) & 0x3ffff;
      this.fifo.push([r >> 16, (r >> 8) & 0xff, r & 0xff, ir >> 16, (ir >> 8) & 0xff, ir & 0xff]);
      this.regs[0x04] = ((this.regs[0x04] as number) + 1) & 31;
      if (this.fifo.length > 32) {
        this.fifo.shift(); // rollover: the oldest sample is lost
        this.regs[0x06] = ((this.regs[0x06] as number) + 1) & 31;
        this.regs[0x05] = Math.min(31, (this.regs[0x05] as number) + 1);
        this.overflowTotal++;
      }
    }
  }
}
