import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot } from '../../shared/package-info.js';

/** Screenshots of every page a browser test visits, in the git-ignored artifacts/ folder. */
export async function screenshot(page: Page, suite: string, name: string): Promise<string> {
  const dir = join(projectRoot(), 'artifacts', suite);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
