import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest folder above this file with our package.json (works from src and dist). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, 'utf8')).name === 'nocturne') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the nocturne package.json');
    dir = parent;
  }
}

export const PACKAGE_VERSION: string = JSON.parse(
  readFileSync(join(projectRoot(), 'package.json'), 'utf8'),
).version;
