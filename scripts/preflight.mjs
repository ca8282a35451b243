// The first step of `npm test`: checks in well under a second that the machine has what the tests
// need, and if not, fails with one line that names what is missing and says to run scripts/test
// (which installs it). Tests never skip for a missing tool: they would pass on a machine that
// cannot run them.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(join(root, 'package.json'));

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && executable(join(dir, command)));
}

function npmPackages() {
  return existsSync(join(root, 'node_modules', '.package-lock.json'));
}

function soxWithAllFormats() {
  if (!onPath('sox')) return false;
  const help = spawnSync('sox', ['-h'], { encoding: 'utf8' });
  // The fixtures are written as FLAC, Ogg Vorbis and MP3 (libsox-fmt-all adds MP3).
  const formats = /AUDIO FILE FORMATS:(.*)/.exec(help.stdout ?? '')?.[1]?.split(/\s+/) ?? [];
  return ['flac', 'ogg', 'mp3'].every((format) => formats.includes(format));
}

function libusb() {
  for (const ldconfig of ['/sbin/ldconfig', '/usr/sbin/ldconfig']) {
    if (!executable(ldconfig)) continue;
    return spawnSync(ldconfig, ['-p'], { encoding: 'utf8' }).stdout.includes('libusb-1.0.so.0');
  }
  return false;
}

/** Loads `speaker` in a child against ALSA's file plugin (loading it with no ALSA device aborts). */
function loadableSpeaker() {
  let path;
  try {
    path = require.resolve('speaker');
  } catch {
    return false;
  }
  const dir = mkdtempSync(join(tmpdir(), 'nocturne-preflight-'));
  try {
    const config = join(dir, 'asound.conf');
    writeFileSync(config, `pcm.!default { type file; slave.pcm { type null }; file "${dir}/out.raw" }\n`);
    const child = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path)})`], {
      env: { ...process.env, ALSA_CONFIG_PATH: config },
      stdio: 'ignore',
      timeout: 10_000,
    });
    return child.status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres() {
  let pg;
  try {
    pg = require('pg');
  } catch {
    return false;
  }
  const url = process.env.NOCTURNE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const checks = [
  ['npm packages (npm ci)', npmPackages],
  [`chromium (${chromiumPath})`, () => executable(chromiumPath)],
  ['sox with MP3/Ogg/FLAC (sox, libsox-fmt-all)', soxWithAllFormats],
  ['aplay (alsa-utils)', () => onPath('aplay')],
  ['mosquitto on PATH', () => onPath('mosquitto')],
  [
    'systemd-analyze and systemd-notify (systemd)',
    () => onPath('systemd-analyze') && onPath('systemd-notify'),
  ],
  ['python3', () => onPath('python3')],
  ['libusb-1.0 (libusb-1.0-0)', libusb],
  ['a loadable `speaker` (libasound2-dev, then npm rebuild speaker)', loadableSpeaker],
  ['PostgreSQL at 127.0.0.1:5432 (or NOCTURNE_TEST_PG)', postgres],
];

const results = await Promise.all(checks.map(async ([name, check]) => ((await check()) ? null : name)));
const missing = results.filter((name) => name !== null);
if (missing.length > 0) {
  // --names: just the list, for scripts/test on a machine without apt.
  const line = process.argv.includes('--names')
    ? missing.join(', ')
    : `npm test: this machine is missing ${missing.join(', ')}; run scripts/test, which sets it up`;
  process.stderr.write(`${line}\n`);
  process.exit(1);
}
