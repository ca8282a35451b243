import { EventEmitter } from 'node:events';
import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage, NocturneError } from '../../shared/errors.js';
import { DeviceErrorCode } from '../errors/codes.js';
import { type GpioBinding, GpioController, type Pull } from './gpio.js';
import type { DeviceRef } from './hardware-error.js';
import type { I2cBus, OpenI2cBus } from './i2c.js';
import type { SysfsPwmChannel } from './sysfs-pwm.js';

/** johnny-five's pin modes (Firmata numbering). */
export const MODES = { INPUT: 0, OUTPUT: 1, ANALOG: 2, PWM: 3, SERVO: 4 } as const;

/** The 40-pin header's GPIOs (BCM numbering = line offsets on every Pi's header controller). */
const HEADER_GPIOS = 28;

export interface NocturneIOOptions {
  clock: Clock;
  gpio: GpioBinding;
  /** `auto` or a GPIO chip label/name. */
  gpioChip: string;
  i2cBus: number;
  openI2cBus: OpenI2cBus;
  /** Hardware PWM channels by GPIO number (e.g. GPIO12 → RP1 channel 0 on a Pi 5). */
  pwm?: ReadonlyMap<number, SysfsPwmChannel>;
  /** How often inputs are sampled, ms (johnny-five's setSamplingInterval changes it). */
  samplingIntervalMs?: number;
  ref: DeviceRef;
}

interface PinState {
  supportedModes: number[];
  mode: number | undefined;
  value: number;
  report: number;
  analogChannel: number;
}

type ReadHandler = (value: number) => void;

/**
 * The project's johnny-five IO plugin for any Linux board, the Pi 5 included: GPIO through the
 * character device (node-libgpiod), PWM through sysfs, I2C through i2c-bus. Pins are BCM GPIO
 * numbers ("GPIO17" also works). Inputs are sampled on the Clock (libgpiod 1.6's binding has no
 * event stream); handlers hear a value when it changes.
 */
export class NocturneIO extends EventEmitter {
  readonly name = 'Nocturne';
  readonly MODES = MODES;
  readonly HIGH = 1;
  readonly LOW = 0;
  readonly RESOLUTION = { ADC: 0, DAC: null, PWM: 255 };
  readonly pins: PinState[];
  readonly analogPins: number[] = [];
  readonly defaultLed = undefined;
  isReady = false;
  private readonly gpio: GpioController;
  private readonly pulls = new Map<number, Pull>();
  private readonly readers = new Map<number, { handler: ReadHandler; last: number | undefined }>();
  private readonly i2cReaders = new Set<Timer>();
  private sampler: Timer | undefined;
  private samplingMs: number;
  private bus: Promise<I2cBus> | undefined;

  constructor(private readonly o: NocturneIOOptions) {
    super();
    this.gpio = new GpioController(o.gpio, o.ref);
    this.samplingMs = o.samplingIntervalMs ?? 10;
    this.pins = Array.from({ length: HEADER_GPIOS }, (_, gpio) => ({
      supportedModes: o.pwm?.has(gpio) ? [MODES.INPUT, MODES.OUTPUT, MODES.PWM] : [MODES.INPUT, MODES.OUTPUT],
      mode: undefined,
      value: 0,
      report: 1,
      analogChannel: 127,
    }));
  }

  /** Opens the GPIO chip and the PWM channels, then emits "connect" and "ready" as johnny-five expects. */
  async open(): Promise<void> {
    this.gpio.open(this.o.gpioChip);
    for (const channel of this.o.pwm?.values() ?? []) await channel.open();
    this.isReady = true;
    this.emit('connect');
    this.emit('ready');
  }

  get gpioLabel(): string {
    return this.gpio.label;
  }

  normalize(pin: number | string): number {
    const n = typeof pin === 'number' ? pin : Number(/^(?:GPIO)?(\d+)$/i.exec(pin)?.[1] ?? Number.NaN);
    if (!Number.isInteger(n) || n < 0 || n >= HEADER_GPIOS)
      throw new RangeError(`no such pin: ${String(pin)}`);
    return n;
  }

  pinMode(pin: number | string, mode: number): this {
    const n = this.normalize(pin);
    const state = this.pins[n] as PinState;
    if (!state.supportedModes.includes(mode)) throw new RangeError(`GPIO${n} does not support mode ${mode}`);
    state.mode = mode;
    if (mode === MODES.INPUT) this.gpio.input(n, this.pulls.get(n) ?? 'none');
    else if (mode === MODES.OUTPUT) this.gpio.output(n, 0);
    return this;
  }

  /** On an input, writing HIGH/LOW turns the pull-up/down on, as on an Arduino (johnny-five's Button does it). */
  digitalWrite(pin: number | string, value: number): this {
    const n = this.normalize(pin);
    const state = this.pins[n] as PinState;
    const bit: 0 | 1 = value ? 1 : 0;
    if (state.mode === MODES.INPUT) {
      this.pulls.set(n, bit ? 'up' : 'down');
      this.gpio.input(n, bit ? 'up' : 'down');
      return this;
    }
    if (state.mode !== MODES.OUTPUT) this.pinMode(n, MODES.OUTPUT);
    this.gpio.write(n, bit);
    state.value = bit;
    return this;
  }

  digitalRead(pin: number | string, handler: ReadHandler): this {
    const n = this.normalize(pin);
    this.readers.set(n, { handler, last: undefined });
    this.sample();
    this.sampler ??= this.o.clock.setInterval(() => this.sample(), this.samplingMs);
    return this;
  }

  pwmWrite(pin: number | string, value: number): this {
    const n = this.normalize(pin);
    const channel = this.o.pwm?.get(n);
    if (!channel) throw new RangeError(`GPIO${n} has no hardware PWM channel`);
    const state = this.pins[n] as PinState;
    state.mode = MODES.PWM;
    state.value = value;
    const count = Math.round((Math.min(255, Math.max(0, value)) / 255) * channel.maxCount);
    channel.write(count).catch((err: unknown) => this.emit('error', err));
    return this;
  }

  analogWrite(pin: number | string, value: number): this {
    return this.pwmWrite(pin, value);
  }

  analogRead(): this {
    throw new NocturneError(
      DeviceErrorCode.BoardUnsupported,
      'a Raspberry Pi has no analog inputs: use an ADS1115 (ports.pulse.adapter "ads1115")',
    );
  }

  servoWrite(): this {
    throw new NocturneError(
      DeviceErrorCode.BoardUnsupported,
      'servos are not supported by the Nocturne IO plugin',
    );
  }

  setSamplingInterval(ms: number): this {
    this.samplingMs = Math.max(1, ms);
    if (this.sampler) {
      this.sampler.cancel();
      this.sampler = this.o.clock.setInterval(() => this.sample(), this.samplingMs);
    }
    return this;
  }

  i2cConfig(): this {
    this.run(this.i2c());
    return this;
  }

  /** i2cWrite(address, bytes) or i2cWrite(address, register, bytes). */
  i2cWrite(address: number, registerOrBytes: number | number[], bytes?: number[]): this {
    const data = Array.isArray(registerOrBytes) ? registerOrBytes : [registerOrBytes, ...(bytes ?? [])];
    this.run(this.i2c().then((bus) => bus.i2cWrite(address, data.length, Buffer.from(data))));
    return this;
  }

  i2cWriteReg(address: number, register: number, value: number): this {
    this.run(this.i2c().then((bus) => bus.writeByte(address, register, value)));
    return this;
  }

  i2cReadOnce(address: number, ...args: (number | ((data: number[]) => void))[]): this {
    const [register, length, handler] = readArgs(args);
    this.run(this.readI2c(address, register, length).then(handler));
    return this;
  }

  /** Continuous read every sampling interval, as Firmata does. */
  i2cRead(address: number, ...args: (number | ((data: number[]) => void))[]): this {
    const [register, length, handler] = readArgs(args);
    const timer = this.o.clock.setInterval(() => {
      this.run(this.readI2c(address, register, length).then(handler));
    }, this.samplingMs);
    this.i2cReaders.add(timer);
    return this;
  }

  /** Stops sampling, releases every line and PWM channel and closes the bus. */
  async close(): Promise<void> {
    this.sampler?.cancel();
    this.sampler = undefined;
    for (const t of this.i2cReaders) t.cancel();
    this.i2cReaders.clear();
    this.readers.clear();
    this.gpio.close();
    for (const channel of this.o.pwm?.values() ?? []) await channel.close();
    const bus = this.bus;
    this.bus = undefined;
    if (bus !== undefined) await (await bus.catch(() => undefined))?.close();
    this.isReady = false;
    this.emit('close');
    this.removeAllListeners();
  }

  private sample(): void {
    for (const [pin, reader] of this.readers) {
      let value: number;
      try {
        value = this.gpio.read(pin);
      } catch (err) {
        this.emit('error', err);
        continue;
      }
      (this.pins[pin] as PinState).value = value;
      if (value !== reader.last) {
        reader.last = value;
        reader.handler(value);
        this.emit(`digital-read-${pin}`, value);
      }
    }
  }

  private i2c(): Promise<I2cBus> {
    this.bus ??= this.o.openI2cBus(this.o.i2cBus, this.o.ref);
    return this.bus;
  }

  private async readI2c(address: number, register: number | undefined, length: number): Promise<number[]> {
    const bus = await this.i2c();
    const buffer = Buffer.alloc(length);
    if (register === undefined) await bus.i2cRead(address, length, buffer);
    else await bus.readI2cBlock(address, register, length, buffer);
    return [...buffer];
  }

  private run(promise: Promise<unknown>): void {
    promise.catch((err: unknown) => this.emit('error', new Error(errorMessage(err))));
  }
}

function readArgs(
  args: (number | ((data: number[]) => void))[],
): [number | undefined, number, (d: number[]) => void] {
  const handler = args[args.length - 1];
  if (typeof handler !== 'function') throw new TypeError('i2c read needs a handler');
  const numbers = args.filter((a): a is number => typeof a === 'number');
  return numbers.length >= 2
    ? [numbers[0], numbers[1] as number, handler]
    : [undefined, numbers[0] ?? 1, handler];
}
