import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../controller/auth/users.js';
import type { RunningController } from '../../controller/main.js';
import { RealClock } from '../../shared/clock.js';
import {
  exportProtocol,
  ISO_45,
  importProtocol,
  paramsHash,
  protocolSchema,
} from '../../shared/schemas/protocol.js';
import { launchChromium, signInPage } from '../helpers/browser.js';
import { startTestController } from '../helpers/controller.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('the Protocols page in a real browser', () => {
  const dir = tempDir();
  let controller: RunningController;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    controller = await startTestController(dir.path);
    const password =
      (await createUser(controller.store, new RealClock(), 'cara', 'caregiver'))?.password ?? '';
    browser = await launchChromium();
    page = await browser.newPage();
    await signInPage(page, controller.httpUrl, 'cara', password);
  });
  afterAll(async () => {
    await browser?.close();
    await controller?.stop();
    dir.remove();
  });

  const row = (ref: string) => page.locator(`tr[data-protocol="${ref}"]`);

  it('lists the built-in protocol with its hash and an export link, reached from the header', async () => {
    await page.getByRole('link', { name: 'Protocols' }).click();
    await page.waitForURL(`${controller.httpUrl}/protocols`);
    await page.locator('article.protocols[data-ready="true"]').waitFor();
    expect(await row('iso-45@1').locator('code').getAttribute('title')).toBe(paramsHash(ISO_45.params));
    expect(await row('iso-45@1').textContent()).toContain('built in · latest');
    const href = await row('iso-45@1').getByRole('link', { name: 'Export' }).getAttribute('href');
    const file = await page.request.get(`${controller.httpUrl}${href}`);
    expect(importProtocol(await file.text())).toEqual(ISO_45);
  });

  it('makes a new version from an existing one, showing the server’s reasons first', async () => {
    await row('iso-45@1').getByRole('button', { name: 'New version' }).click();
    const params = page.getByLabel(/^Parameters/);
    expect(JSON.parse(await params.inputValue())).toEqual(ISO_45.params);
    expect(await page.getByLabel('Title').inputValue()).toBe(ISO_45.title);
    await params.fill(JSON.stringify({ ...ISO_45.params, session_minutes: 200 }));
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/params\.session_minutes: /);

    await params.fill(JSON.stringify({ ...ISO_45.params, session_minutes: 40, fade_minutes: 6 }));
    await page.getByLabel('Title').fill('Iso principle, 40 minutes');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved iso-45 v2.' }).waitFor();
    await row('iso-45@2').waitFor();
    expect(await row('iso-45@2').textContent()).toContain('Iso principle, 40 minutes');
    expect(await row('iso-45@1').textContent()).toContain('superseded by v2');
  });

  it('imports a protocol file, and says so when the same file comes again', async () => {
    const ward = protocolSchema.parse({
      name: 'ward-b',
      version: 1,
      title: 'Ward B',
      params: { session_minutes: 30 },
    });
    const path = join(dir.path, 'ward-b.protocol.json');
    writeFileSync(path, exportProtocol(ward));
    const input = page.getByLabel('Import a protocol file');
    await input.setInputFiles(path);
    await page.getByRole('status').filter({ hasText: 'Imported ward-b v1.' }).waitFor();
    await row('ward-b@1').waitFor();
    await input.setInputFiles(path);
    await page.getByRole('status').filter({ hasText: 'ward-b v1 was already here, unchanged.' }).waitFor();

    const tampered = join(dir.path, 'tampered.json');
    writeFileSync(
      tampered,
      JSON.stringify({
        ...JSON.parse(exportProtocol(ward)),
        title: 'x',
        params: { ...ward.params, session_minutes: 31 },
      }),
    );
    await input.setInputFiles(tampered);
    await page.getByRole('alert').filter({ hasText: 'its hash does not match its parameters' }).waitFor();
  });
});
