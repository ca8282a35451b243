import {
  existsSync,
  type FSWatcher,
  mkdirSync,
  readFileSync,
  symlinkSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakePwmChip {
  /** pwmchipN as the kernel numbered it this boot. */
  name: string;
  /** The controller's device name, e.g. "1f00098000.pwm". */
  device: string;
  channels: number;
}

/**
 * A temp-dir /sys/class/pwm: pwmchipN symlinks into a devices tree (so the chip is found by its
 * device path, as on a Pi), npwm, export; writing a channel to export creates pwmN with period,
 * duty_cycle, polarity and enable, as the kernel does (watched with fs.watch).
 */
export async function makeFakePwmSysfs(chips: FakePwmChip[]) {
  const base = await mkdtemp(join(tmpdir(), 'nocturne-sysfs-'));
  const root = join(base, 'class', 'pwm');
  mkdirSync(root, { recursive: true });
  const watchers: FSWatcher[] = [];
  const chipPath = (name: string) => join(root, name);
  for (const chip of chips) {
    const real = join(base, 'devices', 'platform', 'axi', chip.device, 'pwm', chip.name);
    mkdirSync(real, { recursive: true });
    writeFileSync(join(real, 'npwm'), `${chip.channels}\n`);
    writeFileSync(join(real, 'export'), '');
    writeFileSync(join(real, 'unexport'), '');
    symlinkSync(real, chipPath(chip.name));
    watchers.push(
      watch(join(real, 'export'), () => {
        const text = readFileSync(join(real, 'export'), 'utf8').trim();
        if (text === '') return;
        const channel = join(real, `pwm${Number(text)}`);
        if (existsSync(channel)) return;
        mkdirSync(channel);
        for (const [file, value] of [
          ['period', '0'],
          ['duty_cycle', '0'],
          ['polarity', 'normal'],
          ['enable', '0'],
        ]) {
          writeFileSync(join(channel, file as string), `${value}\n`);
        }
      }),
    );
  }
  const read = (chip: string, channel: number, file: string) =>
    readFileSync(join(chipPath(chip), `pwm${channel}`, file), 'utf8').trim();
  return {
    root,
    exported: (chip: string, channel: number) => existsSync(join(chipPath(chip), `pwm${channel}`)),
    read,
    /** The output's duty as a fraction, 0 when not exported or disabled. */
    dutyFraction(chip: string, channel: number): number {
      if (!existsSync(join(chipPath(chip), `pwm${channel}`))) return 0;
      if (read(chip, channel, 'enable') !== '1') return 0;
      const period = Number(read(chip, channel, 'period'));
      return period > 0 ? Number(read(chip, channel, 'duty_cycle')) / period : 0;
    },
    close: () => {
      for (const w of watchers) w.close();
    },
  };
}
