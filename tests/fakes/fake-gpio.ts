import type { GpioBinding, GpioChip, GpioLine } from '../../device/board/gpio.js';
import { GPIO_FLAGS } from '../../device/board/gpio.js';

interface LineState {
  consumer: string | undefined;
  direction: 'input' | 'output' | undefined;
  bias: 'up' | 'down' | 'none';
  /** What the outside world drives (a button to ground: 0 while pressed); undefined = floating. */
  driven: 0 | 1 | undefined;
  output: 0 | 1;
}

/**
 * A fake of node-libgpiod's API: chips with labels, lines that must be requested before use (and
 * refuse a second consumer with EBUSY), bias that decides what a floating input reads.
 */
export class FakeGpio {
  readonly chips: { name: string; label: string; lines: LineState[] }[];

  constructor(chips: { name: string; label: string; lines: number }[]) {
    this.chips = chips.map((c) => ({
      ...c,
      lines: Array.from({ length: c.lines }, () => ({
        consumer: undefined,
        direction: undefined,
        bias: 'none' as const,
        driven: undefined,
        output: 0 as const,
      })),
    }));
  }

  line(label: string, offset: number): LineState {
    const state = this.chips.find((c) => c.label === label)?.lines[offset];
    if (!state) throw new Error(`no line ${label}:${offset}`);
    return state;
  }

  binding(): GpioBinding {
    const fake = this;
    class Chip implements GpioChip {
      readonly label: string;
      readonly numberOfLines: number;
      constructor(readonly name: string) {
        const chip = fake.chips.find((c) => c.name === name);
        if (!chip) throw Object.assign(new Error(`no ${name}`), { code: 'ENOENT' });
        this.label = chip.label;
        this.numberOfLines = chip.lines.length;
      }
    }
    class Line implements GpioLine {
      private readonly state: LineState;
      private requested = false;
      constructor(chip: GpioChip, offset: number) {
        this.state = fake.line(chip.label, offset);
      }
      private request(consumer: string, direction: 'input' | 'output', flags: number): void {
        if (this.state.consumer !== undefined)
          throw Object.assign(new Error('Device or resource busy'), { code: 'EBUSY' });
        this.state.consumer = consumer;
        this.state.direction = direction;
        this.state.bias =
          flags & GPIO_FLAGS.BIAS_PULL_UP ? 'up' : flags & GPIO_FLAGS.BIAS_PULL_DOWN ? 'down' : 'none';
        this.requested = true;
      }
      requestInputModeFlags(consumer: string, flags: number): void {
        this.request(consumer, 'input', flags);
      }
      requestOutputModeFlags(consumer: string, flags: number, value = 0): void {
        this.request(consumer, 'output', flags);
        this.state.output = value ? 1 : 0;
      }
      getValue(): 0 | 1 {
        if (!this.requested) throw Object.assign(new Error('line not requested'), { code: 'EPERM' });
        if (this.state.direction === 'output') return this.state.output;
        return this.state.driven ?? (this.state.bias === 'up' ? 1 : 0);
      }
      setValue(value: 0 | 1): void {
        if (this.state.direction !== 'output')
          throw Object.assign(new Error('not an output'), { code: 'EPERM' });
        this.state.output = value;
      }
      release(): void {
        if (!this.requested) return;
        this.requested = false;
        this.state.consumer = undefined;
        this.state.direction = undefined;
      }
    }
    return { getChipNames: () => fake.chips.map((c) => c.name), Chip, Line };
  }
}
