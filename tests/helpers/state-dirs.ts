import { join } from 'node:path';
import { afterEach } from 'vitest';
import { StateDir } from '../../device/telemetry/state-dir.js';
import { tempDir } from './temp-dir.js';

/**
 * Unit state dirs for one test file: `open()` makes a fresh one (or reopens `path`, as a restarted
 * unit would); every dir opened is closed and removed after each test.
 */
export function useStateDirs(): { open(path?: string): StateDir; fresh(): string } {
  const dirs: { remove(): void }[] = [];
  const opened: StateDir[] = [];
  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
    for (const d of dirs.splice(0)) d.remove();
  });
  const fresh = () => {
    const d = tempDir();
    dirs.push(d);
    return join(d.path, 'unit');
  };
  return {
    fresh,
    open: (path) => {
      const dir = StateDir.open(path ?? fresh());
      opened.push(dir);
      return dir;
    },
  };
}
