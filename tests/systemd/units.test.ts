import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../shared/package-info.js';

const run = promisify(execFile);
const dir = join(projectRoot(), 'systemd');
const units = ['nocturne-device.service', 'nocturne-controller.service'];
/** systemd-analyze security's exposure (0 = locked down, 10 = unprotected): recorded in systemd/README.md. */
const MAX_EXPOSURE = 2;

function directives(unit: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of readFileSync(join(dir, unit), 'utf8').split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (m) out.set(m[1] as string, [...(out.get(m[1] as string) ?? []), m[2] as string]);
  }
  return out;
}

describe('the systemd units (needs the systemd package: scripts/system-packages.txt)', () => {
  it.each(units)('%s passes `systemd-analyze verify` without a warning', async (unit) => {
    const { stdout, stderr } = await run('systemd-analyze', ['verify', join(dir, unit)]);
    expect(`${stdout}${stderr}`.trim()).toBe('');
  });

  it.each(units)(`%s has a systemd-analyze security exposure of at most ${MAX_EXPOSURE}`, async (unit) => {
    const { stdout } = await run('systemd-analyze', ['security', '--offline=yes', join(dir, unit)]);
    const exposure = Number(/Overall exposure level for \S+: ([\d.]+)/.exec(stdout)?.[1]);
    expect(exposure).toBeGreaterThan(0);
    expect(exposure).toBeLessThanOrEqual(MAX_EXPOSURE);
    // README records the score measured with Debian bookworm's systemd 252; another version may
    // weigh an option a little differently, so the record may differ by a few tenths at most.
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const recorded = Number(new RegExp(`\\| \`${unit}\` \\| ([\\d.]+) \\|`).exec(readme)?.[1]);
    expect(Math.abs(recorded - exposure)).toBeLessThanOrEqual(0.3);
  });

  it.each(units)('%s is Type=notify with a watchdog, restarts on failure, and lets V8 JIT', (unit) => {
    const d = directives(unit);
    expect(d.get('Type')).toEqual(['notify']);
    expect(d.get('NotifyAccess')).toEqual(['all']);
    expect(Number(d.get('WatchdogSec')?.[0])).toBeGreaterThan(0);
    expect(d.get('Restart')).toEqual(['on-failure']);
    // MemoryDenyWriteExecute=yes kills Node at start.
    expect(d.get('MemoryDenyWriteExecute')).toEqual(['no']);
    expect(d.get('ProtectSystem')).toEqual(['strict']);
    expect(d.get('NoNewPrivileges')).toEqual(['yes']);
    expect(d.get('User')?.[0]).toMatch(/^nocturne/);
  });

  it('the device unit reaches its hardware through a device ACL, never PrivateDevices', () => {
    const d = directives('nocturne-device.service');
    expect(d.get('PrivateDevices')).toBeUndefined();
    expect(d.get('DevicePolicy')).toEqual(['closed']);
    for (const dev of ['i2c', 'gpiochip', 'hidraw', 'ttyUSB', 'alsa']) {
      expect(d.get('DeviceAllow')).toContain(`char-${dev} rw`);
    }
    expect(d.get('SupplementaryGroups')?.[0]?.split(' ').sort()).toEqual(
      ['audio', 'dialout', 'gpio', 'i2c', 'plugdev'].sort(),
    );
    for (const key of ['StateDirectory', 'ConfigurationDirectory', 'LogsDirectory']) {
      expect(d.get(key)).toEqual(['nocturne']);
    }
  });

  it('the udev rules give oximeters to a group with mode 0660, never to everyone', () => {
    const rules = readFileSync(join(dir, '99-nocturne.rules'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    const devices = rules.filter((l) => l.includes('MODE='));
    expect(devices.some((l) => l.includes('hidraw'))).toBe(true);
    expect(devices.some((l) => l.includes('SUBSYSTEM=="tty"'))).toBe(true);
    for (const line of devices) {
      expect(line).toMatch(/GROUP="\w+"/);
      expect(line).toContain('MODE="0660"');
    }
  });
});
