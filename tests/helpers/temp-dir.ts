import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temporary directory and a function that removes it. */
export function tempDir(prefix = 'nocturne-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Call in a describe block: returns a maker of fresh dirs that are all removed after each test. */
export function useTempDirs(): (name?: string) => string {
  const made: { remove(): void }[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) dir.remove();
  });
  return (name = 'dir') => {
    const dir = tempDir();
    made.push(dir);
    return join(dir.path, name);
  };
}
