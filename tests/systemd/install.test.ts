import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../shared/package-info.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const script = join(projectRoot(), 'systemd', 'install.sh');
const realSystemctl = execFileSync('sh', ['-c', 'command -v systemctl']).toString().trim();

/**
 * The calls that act on a running system, stubbed at the edge: they only record what they were
 * asked. `systemctl --root=…` (enable: symlinks in the root) is the real one; so are useradd,
 * groupadd and usermod, which write into the root through their --prefix.
 */
const STUBS: Record<string, string> = {
  'apt-get': 'echo "apt-get $*" >> "$STUB_LOG"',
  npm: 'echo "npm $*" >> "$STUB_LOG"',
  udevadm: 'echo "udevadm $*" >> "$STUB_LOG"',
  runuser: 'echo "runuser $*" >> "$STUB_LOG"',
  systemctl: `case "$*" in *--root=*) exec ${realSystemctl} "$@";; esac
echo "systemctl $*" >> "$STUB_LOG"`,
};

interface Run {
  code: number | null;
  stdout: string;
  log: string;
}

/** Every file, folder and link under the root: type, mode, owner, and content checksum or target. */
function manifest(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const st = lstatSync(path);
      const head = `${path.slice(root.length)} ${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
      if (st.isSymbolicLink()) out.push(`${head} -> ${readlinkSync(path)}`);
      else if (st.isDirectory()) {
        out.push(`${head} dir`);
        walk(path);
      } else out.push(`${head} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    }
  };
  walk(root);
  return out;
}

describe('systemd/install.sh in a throwaway root (system calls stubbed)', () => {
  const dir = useTempDirs();

  function setup(): { root: string; env: NodeJS.ProcessEnv } {
    const root = dir('root');
    const stubs = dir('stubs');
    mkdirSync(join(root, 'etc'), { recursive: true });
    mkdirSync(stubs, { recursive: true });
    for (const f of ['passwd', 'group', 'shadow', 'gshadow', 'login.defs']) {
      copyFileSync(join('/etc', f), join(root, 'etc', f));
    }
    mkdirSync(join(root, 'boot', 'firmware'), { recursive: true });
    writeFileSync(
      join(root, 'boot', 'firmware', 'config.txt'),
      '# Raspberry Pi OS\ndtparam=audio=on\n\n[all]\n',
    );
    mkdirSync(join(root, 'proc', 'asound'), { recursive: true });
    writeFileSync(
      join(root, 'proc', 'asound', 'cards'),
      ' 0 [vc4hdmi0       ]: vc4-hdmi - vc4-hdmi-0\n 1 [Device         ]: USB-Audio - USB Audio Device\n',
    );
    for (const [name, body] of Object.entries(STUBS)) {
      writeFileSync(join(stubs, name), `#!/bin/sh\n${body}\nexit 0\n`);
      chmodSync(join(stubs, name), 0o755);
    }
    const env = {
      ...process.env,
      PATH: `${stubs}:${process.env.PATH}`,
      NOCTURNE_ROOT: root,
      STUB_LOG: join(stubs, 'calls.log'),
    };
    return { root, env };
  }

  function install(env: NodeJS.ProcessEnv, args: string[]): Promise<Run> {
    writeFileSync(env.STUB_LOG as string, '');
    return new Promise((resolve, reject) => {
      const child = spawn('sh', [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
      });
      child.stderr.on('data', (c: Buffer) => {
        stdout += c.toString();
      });
      child.once('error', reject);
      child.once('close', (code) =>
        resolve({ code, stdout, log: readFileSync(env.STUB_LOG as string, 'utf8') }),
      );
    });
  }

  it('installs everything once; a second run changes nothing (checksums compared)', async () => {
    const { root, env } = setup();
    const first = await install(env, ['--yes']);
    expect(first.stdout).not.toMatch(/nothing changed/);
    expect(first.code).toBe(0);
    const afterFirst = manifest(root);

    const second = await install(env, ['--yes']);
    expect(second.code).toBe(0);
    expect(manifest(root)).toEqual(afterFirst);
    expect(second.stdout).toMatch(/nothing changed/);
    for (const call of ['npm ci', 'udevadm', 'daemon-reload', 'restart', 'systemctl start']) {
      expect(second.log).not.toContain(call);
    }
    // It still ends with the doctor, as the service user.
    expect(second.log).toMatch(
      /runuser -u nocturne -- node \S+\/opt\/nocturne\/dist\/bin\/nocturne.js doctor --config \S+\/etc\/nocturne\/unit.json/,
    );

    // What the first run did.
    expect(first.log).toMatch(/^npm ci$/m);
    expect(first.log).toContain('udevadm trigger');
    expect(first.log).toContain('systemctl daemon-reload');
    expect(first.log).toContain('systemctl restart nocturne-device.service');
    const file = (p: string) => readFileSync(join(root, p), 'utf8');
    expect(file('etc/udev/rules.d/99-nocturne.rules')).toBe(
      readFileSync(join(projectRoot(), 'systemd', '99-nocturne.rules'), 'utf8'),
    );
    expect(file('etc/systemd/system/nocturne-device.service')).toContain('Type=notify');
    expect(
      readlinkSync(join(root, 'etc/systemd/system/multi-user.target.wants/nocturne-device.service')),
    ).toBe('/etc/systemd/system/nocturne-device.service');
    // dmix on the first card that is not HDMI.
    expect(file('etc/asound.conf')).toContain('pcm "hw:CARD=Device,DEV=0"');
    expect(file('etc/asound.conf')).toMatch(/^ {4}card Device$/m);
    // The boot config keeps what it had and gains I2C and PWM once.
    const boot = file('boot/firmware/config.txt');
    expect(boot.startsWith('# Raspberry Pi OS\ndtparam=audio=on\n')).toBe(true);
    expect(boot.match(/^dtparam=i2c_arm=on$/gm)).toHaveLength(1);
    expect(boot).toContain('dtoverlay=pwm-2chan');
    // The service user, in the hardware groups; its config readable by it alone.
    const groups = file('etc/group').split('\n');
    for (const g of ['i2c', 'gpio', 'dialout', 'plugdev', 'audio']) {
      const line = groups.find((l) => l.startsWith(`${g}:`)) ?? '';
      expect(line.split(':')[3]?.split(',')).toContain('nocturne');
    }
    expect(file('etc/passwd')).toMatch(/^nocturne:x:\d+:\d+::\/var\/lib\/nocturne:\/usr\/sbin\/nologin$/m);
    expect((statSync(join(root, 'etc/nocturne/unit.json')).mode & 0o777).toString(8)).toBe('640');
    expect(file('opt/nocturne/systemd/install.sh')).toBe(readFileSync(script, 'utf8'));
    expect(file('usr/local/bin/nocturne')).toContain('exec node /opt/nocturne/dist/bin/nocturne.js "$@"');
  }, 120_000);

  it('never edits the boot config unasked: without a terminal or --yes it says how', async () => {
    const { root, env } = setup();
    const before = readFileSync(join(root, 'boot/firmware/config.txt'), 'utf8');
    const run = await install(env, ['--role', 'both']);
    expect(run.code).toBe(0);
    expect(readFileSync(join(root, 'boot/firmware/config.txt'), 'utf8')).toBe(before);
    expect(run.stdout).toMatch(/run with --yes to enable I2C and PWM/);
    expect(readFileSync(join(root, 'etc/systemd/system/nocturne-controller.service'), 'utf8')).toContain(
      'User=nocturne-controller',
    );
  }, 120_000);

  it('stops before touching anything when Node is older than 20.10, and says how to get it', async () => {
    const { root, env } = setup();
    const stubs = (env.PATH as string).split(':')[0] as string;
    // Raspberry Pi OS Bookworm's own nodejs.
    writeFileSync(
      join(stubs, 'node'),
      '#!/bin/sh\n[ "$1" = --version ] && { echo v18.19.0; exit 0; }\nexit 1\n',
    );
    chmodSync(join(stubs, 'node'), 0o755);
    const before = manifest(root);
    const run = await install(env, ['--yes']);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/needs Node.js 20.10 or later \(found: v18.19.0\)/);
    expect(run.stdout).toMatch(/Bookworm/);
    expect(manifest(root)).toEqual(before);
    expect(run.log).toBe('');
  });
});
