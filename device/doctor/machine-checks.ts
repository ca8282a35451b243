import { readdir, readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { readPiModel } from '../board/board.js';
import { listPwmChips } from '../board/sysfs-pwm.js';
import type { DoctorCheck } from './check.js';

export interface MachinePaths {
  dev?: string;
  pwm?: string;
  bootConfig?: string[];
  groupFile?: string;
}

const BOOT_CONFIGS = ['/boot/firmware/config.txt', '/boot/config.txt'];

/** The board, its buses and device nodes, the boot config and the user's groups. */
export async function machineChecks(o: { paths?: MachinePaths }): Promise<DoctorCheck[]> {
  const dev = o.paths?.dev ?? '/dev';
  const nodes = await readdir(dev).catch(() => [] as string[]);
  const model = await readPiModel();
  const gpio = nodes.filter((n) => /^gpiochip\d+$/.test(n));
  const i2c = nodes.filter((n) => /^i2c-\d+$/.test(n));
  const usb = nodes.filter((n) => /^(hidraw|ttyUSB|ttyACM)\d+$/.test(n));
  const pwm = await listPwmChips(o.paths?.pwm).catch(() => []);
  const boot = await readBootConfig(o.paths?.bootConfig ?? BOOT_CONFIGS);
  const groups = await userGroups(o.paths?.groupFile ?? '/etc/group');
  const checks: DoctorCheck[] = [
    { name: 'board', ok: null, summary: model ?? 'not a Raspberry Pi (no /proc/device-tree/model)' },
    gpio.length > 0
      ? { name: 'gpio', ok: true, summary: gpio.map((g) => `/dev/${g}`).join(', ') }
      : { name: 'gpio', ok: null, summary: 'no GPIO character device (/dev/gpiochip*) on this machine' },
    i2c.length > 0
      ? { name: 'i2c', ok: true, summary: i2c.map((b) => `/dev/${b}`).join(', ') }
      : {
          name: 'i2c',
          ok: null,
          summary: 'no I2C bus (/dev/i2c-*)',
          ...(model ? { fix: 'add dtparam=i2c_arm=on to /boot/firmware/config.txt and reboot' } : {}),
        },
    pwm.length > 0
      ? {
          name: 'pwm',
          ok: true,
          summary: pwm.map((c) => `${c.name}=${c.device} (${c.channels} ch)`).join(', '),
        }
      : {
          name: 'pwm',
          ok: null,
          summary: 'no hardware PWM (/sys/class/pwm)',
          ...(model ? { fix: 'add a PWM overlay to /boot/firmware/config.txt (systemd/README.md)' } : {}),
        },
    {
      name: 'usb',
      ok: null,
      summary: usb.length > 0 ? usb.map((u) => `/dev/${u}`).join(', ') : 'no USB HID or serial devices',
    },
  ];
  if (boot) {
    const i2cOn = /^\s*dtparam=i2c(_arm)?=on/m.test(boot.text);
    const pwmOverlay = /^\s*dtoverlay=pwm/m.test(boot.text);
    checks.push({
      name: 'boot config',
      ok: null,
      summary: `${boot.path}: I2C ${i2cOn ? 'on' : 'off'}, PWM overlay ${pwmOverlay ? 'present' : 'absent'}`,
    });
  }
  const wanted = ['i2c', 'gpio', 'dialout', 'plugdev'];
  const missing = wanted.filter((g) => !groups.includes(g));
  if (model) {
    checks.push({
      name: 'groups',
      ok: missing.length === 0,
      summary: `${userInfo().username} is in ${groups.join(', ') || 'no groups'}`,
      ...(missing.length > 0
        ? { fix: `sudo usermod -aG ${missing.join(',')} ${userInfo().username}, then log in again` }
        : {}),
    });
  }
  if (!model && gpio.length === 0 && i2c.length === 0 && pwm.length === 0) {
    checks.push({
      name: 'hardware',
      ok: null,
      summary:
        'no GPIO, I2C or PWM here: this machine can run simulated units only (nocturne device --simulate)',
    });
  }
  return checks;
}

async function readBootConfig(paths: string[]): Promise<{ path: string; text: string } | undefined> {
  for (const path of paths) {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

async function userGroups(groupFile: string): Promise<string[]> {
  const gids = new Set(process.getgroups?.() ?? []);
  const text = await readFile(groupFile, 'utf8').catch(() => '');
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const [name, , gid] = line.split(':');
    if (name && gid !== undefined && gids.has(Number(gid))) names.push(name);
  }
  return names;
}
