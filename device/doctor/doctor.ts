import { readdir, readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { type Clock, RealClock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { MqttConnect } from '../../shared/mqtt.js';
import { readPiModel } from '../board/board.js';
import { listPwmChips } from '../board/sysfs-pwm.js';
import type { DeviceConfig } from '../config/device-config.js';
import { buildPorts, type HardwareDeps } from '../ports/factory.js';
import type { Port } from '../ports/port.js';
import { SimulatedRemote } from '../ports/remote/simulated.js';
import { PatientModel, patientProfiles } from '../sim/patient.js';
import { checkPort } from './check-port.js';
import { audioCheck, brokerCheck, clockCheck } from './service-checks.js';

/** One line of doctor's report: `ok` true (works), false (fails: fix it), null (worth knowing). */
export interface DoctorCheck {
  name: string;
  ok: boolean | null;
  summary: string;
  fix?: string;
  code?: string;
}

export interface DoctorOptions {
  config?: DeviceConfig;
  log: Logger;
  clock?: Clock;
  hardware?: HardwareDeps;
  /** Where device nodes and boot config live (tests point these at temp dirs). */
  paths?: { dev?: string; pwm?: string; bootConfig?: string[]; groupFile?: string };
  /** How long a port may take to open, ms. */
  openTimeoutMs?: number;
  /** How to reach the configured broker (the command passes `mqtt.connect`); no broker check without it. */
  connect?: MqttConnect;
}

const BOOT_CONFIGS = ['/boot/firmware/config.txt', '/boot/config.txt'];

/**
 * Checks this machine (board, buses, sound, clock) and, given a config, opens each configured port
 * and the audio output once, logs in to the broker, and says what works and what to fix.
 */
export async function runDoctor(o: DoctorOptions): Promise<DoctorCheck[]> {
  const clock = o.clock ?? new RealClock();
  const checks = await machineChecks(o);
  checks.push(await clockCheck(clock.now()));
  if (o.config) checks.push(...(await portChecks(o.config, o)));
  checks.push(await audioCheck(o.config, { clock, log: o.log }));
  if (o.config && o.connect) checks.push(await brokerCheck(o.config, o.connect));
  return checks;
}

async function machineChecks(o: DoctorOptions): Promise<DoctorCheck[]> {
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

async function portChecks(config: DeviceConfig, o: DoctorOptions): Promise<DoctorCheck[]> {
  const clock = o.clock ?? new RealClock();
  const patient = new PatientModel(patientProfiles.typical, 'doctor', clock.now());
  const built = buildPorts(config, {
    clock,
    log: o.log,
    patient,
    simulatedRemote: new SimulatedRemote(),
    hardware: o.hardware,
  });
  const checks: DoctorCheck[] = [];
  for (const [name, port] of Object.entries(built.ports) as [string, Port][]) {
    checks.push(await checkPort(name, port, clock, o.openTimeoutMs ?? 5000));
  }
  await built.close();
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
