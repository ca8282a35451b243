import { writeFileSync } from 'node:fs';
import { access, constants, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../shared/clock.js';
import type { PwmOutput } from '../ports/light/pwm-output.js';
import { type DeviceRef, deviceMissing, hardwareError } from './hardware-error.js';

/**
 * The SoC PWM controllers of Raspberry Pis, by device name (the end of the chip's device path).
 * pwmchipN numbers change between kernels; these names do not.
 */
export const KNOWN_PWM_DEVICES = [
  { device: '1f00098000.pwm', board: 'Pi 5 (RP1)', clockHz: 50_000_000 },
  { device: 'fe20c000.pwm', board: 'Pi 4', clockHz: 50_000_000 },
  { device: '3f20c000.pwm', board: 'Pi 3', clockHz: 50_000_000 },
  { device: '7e20c000.pwm', board: 'Pi Zero / Pi 1', clockHz: 50_000_000 },
] as const;

export const PWM_HINTS = {
  missingHint:
    'enable hardware PWM: dtoverlay=pwm-2chan (Pi 3/4) or dtoverlay=pwm-2chan,pin=12,func=4,pin2=13,func2=4 ' +
    '(Pi 5) in /boot/firmware/config.txt, then reboot (see systemd/README.md)',
  permissionHint:
    'install systemd/99-nocturne.rules (gives the gpio group the PWM files) and add the user to gpio',
} as const;

export interface SysfsPwmOptions {
  /** `auto` (the Pi's own PWM controller) or a device name such as "1f00098000.pwm". */
  chip: string;
  channel: number;
  frequencyHz: number;
  /** The PWM controller's input clock: duty steps are 1/clockHz long. Default: the known chip's. */
  clockHz?: number;
  /** Polarity inversed (the LED driver is on when the pin is low). */
  invert?: boolean;
  clock: Clock;
  /** The sysfs class folder (tests use a temp dir). */
  root?: string;
  /** How long to wait for udev to hand over an exported channel, ms. */
  exportTimeoutMs?: number;
}

export interface PwmChipInfo {
  name: string;
  device: string;
  path: string;
  channels: number;
}

/** Lists PWM chips with the device each belongs to (what doctor and `chip: auto` use). */
export async function listPwmChips(root = '/sys/class/pwm'): Promise<PwmChipInfo[]> {
  const names = (await readdir(root)).filter((n) => /^pwmchip\d+$/.test(n));
  const chips: PwmChipInfo[] = [];
  for (const name of names.sort()) {
    const path = join(root, name);
    const real = await realpath(path);
    // The device path is …/<device>/pwm/pwmchipN; the device name is stable across kernels.
    const parts = real.split('/');
    const device = parts[parts.length - 3] ?? name;
    const channels = Number((await readFile(join(path, 'npwm'), 'utf8').catch(() => '0')).trim());
    chips.push({ name, device, path, channels });
  }
  return chips;
}

/** A hardware PWM channel through /sys/class/pwm, as a PwmOutput with ns-resolution duty. */
export class SysfsPwmChannel implements PwmOutput {
  readonly adapter = 'sysfs-pwm';
  readonly frequencyHz: number;
  readonly maxCount: number;
  location: string;
  private readonly periodNs: number;
  private readonly root: string;
  private readonly ref: DeviceRef;
  private channelPath: string | undefined;

  constructor(private readonly o: SysfsPwmOptions) {
    this.root = o.root ?? '/sys/class/pwm';
    this.periodNs = Math.round(1e9 / o.frequencyHz);
    this.frequencyHz = 1e9 / this.periodNs;
    const known = KNOWN_PWM_DEVICES.find((k) => k.device === o.chip);
    const clockHz = o.clockHz ?? known?.clockHz ?? 50_000_000;
    this.maxCount = Math.max(1, Math.floor((this.periodNs * clockHz) / 1e9));
    this.location = `${o.chip} channel ${o.channel}`;
    this.ref = { port: 'light', device: `PWM ${this.location}`, configKey: 'ports.light', ...PWM_HINTS };
  }

  async open(): Promise<void> {
    try {
      const chip = await this.findChip();
      this.location = `${chip.device} (${chip.name}) channel ${this.o.channel}`;
      if (this.o.channel >= chip.channels) {
        throw deviceMissing(
          this.ref,
          `${chip.device} has ${chip.channels} channels, not ${this.o.channel + 1}`,
        );
      }
      const path = join(chip.path, `pwm${this.o.channel}`);
      if (!(await exists(path))) await writeFile(join(chip.path, 'export'), String(this.o.channel));
      await this.waitWritable(path);
      this.channelPath = path;
      // Order matters: the kernel rejects a duty longer than the period, and a period change while enabled.
      await this.set('enable', '0').catch(() => undefined);
      await this.set('duty_cycle', '0');
      await this.set('period', String(this.periodNs));
      await this.set('polarity', this.o.invert ? 'inversed' : 'normal').catch(() => undefined);
      await this.set('enable', '1');
    } catch (err) {
      this.channelPath = undefined;
      throw hardwareError(this.ref, err);
    }
  }

  async write(count: number): Promise<void> {
    if (!this.channelPath) return;
    const c = Math.min(this.maxCount, Math.max(0, Math.round(count)));
    const dutyNs = Math.round((c / this.maxCount) * this.periodNs);
    try {
      await this.set('duty_cycle', String(dutyNs));
    } catch (err) {
      throw hardwareError(this.ref, err);
    }
  }

  async close(): Promise<void> {
    if (!this.channelPath) return;
    await this.set('duty_cycle', '0').catch(() => undefined);
    await this.set('enable', '0').catch(() => undefined);
    this.channelPath = undefined;
  }

  private async findChip(): Promise<PwmChipInfo> {
    let chips: PwmChipInfo[];
    try {
      chips = await listPwmChips(this.root);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') throw deviceMissing(this.ref, `no ${this.root}`);
      throw err;
    }
    const wanted =
      this.o.chip === 'auto'
        ? chips.find((c) => KNOWN_PWM_DEVICES.some((k) => k.device === c.device))
        : chips.find((c) => c.device === this.o.chip || c.name === this.o.chip);
    if (!wanted) {
      const found = chips.map((c) => c.device).join(', ') || 'none';
      throw deviceMissing(this.ref, `no PWM chip ${this.o.chip} (found: ${found})`);
    }
    return wanted;
  }

  /** After export, udev changes the files' group a moment later; until then writes fail with EACCES. */
  private async waitWritable(path: string): Promise<void> {
    const deadline = this.o.clock.monotonic() + (this.o.exportTimeoutMs ?? 2000);
    for (;;) {
      try {
        await access(join(path, 'duty_cycle'), constants.W_OK);
        return;
      } catch (err) {
        if (this.o.clock.monotonic() >= deadline) throw err;
        await this.o.clock.sleep(20);
      }
    }
  }

  /** A sysfs attribute write is a quick kernel call, not disk I/O: done synchronously, in order. */
  private async set(file: string, value: string): Promise<void> {
    if (!this.channelPath) throw Object.assign(new Error('PWM channel not open'), { code: 'ENODEV' });
    writeFileSync(join(this.channelPath, file), value);
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
