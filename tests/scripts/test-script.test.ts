import { spawnSync } from 'node:child_process';
import { readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../shared/package-info.js';
import { tempDir } from '../helpers/temp-dir.js';

const SCRIPT = join(projectRoot(), 'scripts', 'test');

/** A PATH with every program of this machine but apt's. */
function pathWithoutApt(dir: string): string {
  for (const folder of ['/usr/bin', '/usr/sbin', '/bin', '/sbin']) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      if (['apt-get', 'apt', 'dpkg-query'].includes(name)) continue;
      try {
        symlinkSync(join(folder, name), join(dir, name));
      } catch {
        // Already linked from an earlier folder (merged /usr).
      }
    }
  }
  return dir;
}

describe('scripts/test where apt is not there', () => {
  it('names what is missing and the Debian packages to look for, exits 2 and installs nothing', () => {
    const dir = tempDir('nocturne-noapt-');
    try {
      const r = spawnSync('bash', [SCRIPT], {
        env: { ...process.env, PATH: pathWithoutApt(dir.path), CHROMIUM_PATH: '/nonexistent/chromium' },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^scripts\/test: no apt-get here .*missing: chromium \(\/nonexistent\/chromium\)$/m,
      );
      expect(r.stderr).toMatch(/Debian names: .*\bsox\b.*\bchromium\b/);
    } finally {
      dir.remove();
    }
  });
});
