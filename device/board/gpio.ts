import { type DeviceRef, deviceMissing, hardwareError } from './hardware-error.js';
import { loadNative } from './native.js';

/** The part of node-libgpiod (libgpiod 1.6) the IO plugin uses; tests give a fake of it. */
export interface GpioBinding {
  getChipNames(): string[];
  Chip: new (name: string) => GpioChip;
  Line: new (chip: GpioChip, offset: number) => GpioLine;
}

export interface GpioChip {
  readonly name: string;
  readonly label: string;
  readonly numberOfLines: number;
}

export interface GpioLine {
  getValue(): 0 | 1;
  setValue(value: 0 | 1): void;
  requestInputModeFlags(consumer: string, flags: number): void;
  requestOutputModeFlags(consumer: string, flags: number, defaultValue?: number): void;
  release(): void;
}

/** libgpiod request flags (gpiod.h: GPIOD_LINE_REQUEST_FLAG_*). */
export const GPIO_FLAGS = {
  ACTIVE_LOW: 1 << 2,
  BIAS_DISABLE: 1 << 3,
  BIAS_PULL_DOWN: 1 << 4,
  BIAS_PULL_UP: 1 << 5,
} as const;

export type Pull = 'up' | 'down' | 'none';

/** Raspberry Pi header GPIO controllers by label; line offsets are the BCM GPIO numbers on all of them. */
export const PI_GPIO_LABELS = ['pinctrl-rp1', 'pinctrl-bcm2711', 'pinctrl-bcm2835'] as const;

export const GPIO_HINTS = {
  missingHint: 'no Raspberry Pi GPIO controller (/dev/gpiochip*): is this a Pi with a current kernel?',
  permissionHint: 'add the service user to the gpio group (systemd/install.sh does it)',
} as const;

export type LoadGpio = (ref: DeviceRef) => Promise<GpioBinding>;

export const loadGpio: LoadGpio = (ref) => loadNative<GpioBinding>('node-libgpiod', ref);

/** The GPIO character device, found by its label (chip numbers differ between Pi models and kernels). */
export class GpioController {
  private chip: GpioChip | undefined;
  private readonly lines = new Map<number, GpioLine>();

  constructor(
    private readonly binding: GpioBinding,
    private readonly ref: DeviceRef,
    private readonly consumer = 'nocturne',
  ) {}

  /** Opens the chip: `auto` takes the Pi's header controller, else the given label or name. */
  open(label: string): GpioChip {
    const r = { ...GPIO_HINTS, ...this.ref };
    let names: string[];
    try {
      names = this.binding.getChipNames();
    } catch (err) {
      throw hardwareError(r, err);
    }
    const chips: GpioChip[] = [];
    for (const name of names) {
      try {
        chips.push(new this.binding.Chip(name));
      } catch (err) {
        throw hardwareError(r, err);
      }
    }
    const chip =
      label === 'auto'
        ? chips.find((c) => (PI_GPIO_LABELS as readonly string[]).includes(c.label))
        : chips.find((c) => c.label === label || c.name === label);
    if (!chip) {
      const found = chips.map((c) => `${c.name}=${c.label}`).join(', ') || 'none';
      throw deviceMissing(
        r,
        `no GPIO chip ${label === 'auto' ? PI_GPIO_LABELS.join('/') : label} (found: ${found})`,
      );
    }
    this.chip = chip;
    return chip;
  }

  get label(): string {
    return this.chip?.label ?? 'closed';
  }

  input(offset: number, pull: Pull): void {
    const flags =
      pull === 'up'
        ? GPIO_FLAGS.BIAS_PULL_UP
        : pull === 'down'
          ? GPIO_FLAGS.BIAS_PULL_DOWN
          : GPIO_FLAGS.BIAS_DISABLE;
    this.request(offset, (line) => line.requestInputModeFlags(this.consumer, flags));
  }

  output(offset: number, value: 0 | 1): void {
    this.request(offset, (line) => line.requestOutputModeFlags(this.consumer, 0, value));
  }

  read(offset: number): 0 | 1 {
    return this.line(offset).getValue();
  }

  write(offset: number, value: 0 | 1): void {
    this.line(offset).setValue(value);
  }

  close(): void {
    for (const line of this.lines.values()) {
      try {
        line.release();
      } catch {
        // Already gone with the chip: nothing left to release.
      }
    }
    this.lines.clear();
    this.chip = undefined;
  }

  /** (Re)requests a line: a new direction or bias needs a fresh request in libgpiod 1.6. */
  private request(offset: number, how: (line: GpioLine) => void): void {
    const chip = this.chip;
    if (!chip) throw deviceMissing(this.ref, 'GPIO chip not open');
    const r = {
      ...GPIO_HINTS,
      ...this.ref,
      device: `${this.ref.device} GPIO${offset}`,
    };
    if (offset < 0 || offset >= chip.numberOfLines)
      throw deviceMissing(r, `${chip.label} has no line ${offset}`);
    this.lines.get(offset)?.release();
    this.lines.delete(offset);
    try {
      const line = new this.binding.Line(chip, offset);
      how(line);
      this.lines.set(offset, line);
    } catch (err) {
      throw hardwareError(r, err);
    }
  }

  private line(offset: number): GpioLine {
    const line = this.lines.get(offset);
    if (!line) throw deviceMissing(this.ref, `GPIO${offset} not requested`);
    return line;
  }
}
