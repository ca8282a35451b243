import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../shared/package-info.js';
import { freePort } from '../helpers/free-port.js';

/** `npm test`'s first step: one line naming what the machine lacks, never a test that skips. */
const PREFLIGHT = join(projectRoot(), 'scripts', 'preflight.mjs');

function preflight(env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [PREFLIGHT], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm test preflight', () => {
  it('says nothing and passes on a machine set up by scripts/test', () => {
    expect(preflight({})).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('fails at once with one line that names each missing tool and says to run scripts/test', async () => {
    const r = preflight({
      CHROMIUM_PATH: '/nonexistent/chromium',
      // Nothing on PATH: sox, aplay and mosquitto are gone (the check runs node by its full path).
      PATH: '/nonexistent',
      NOCTURNE_TEST_PG: `postgres://postgres@127.0.0.1:${await freePort()}/postgres`,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const [line] = lines as [string];
    for (const missing of ['/nonexistent/chromium', 'sox', 'aplay', 'mosquitto', 'PostgreSQL']) {
      expect(line).toContain(missing);
    }
    expect(line).not.toContain('speaker');
    expect(line).not.toContain('libusb');
    expect(line).toMatch(/run scripts\/test/);
  });
});
