import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../controller/auth/users.js';
import type { RunningController } from '../../controller/main.js';
import { RealClock } from '../../shared/clock.js';
import { unitTopic } from '../../shared/topics.js';
import { validPayloads } from '../fixtures/payloads.js';
import { launchChromium, signInPage } from '../helpers/browser.js';
import { startTestController } from '../helpers/controller.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('signing in and out in a real browser', () => {
  const dir = tempDir();
  let controller: RunningController;
  let browser: Browser;
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    controller = await startTestController(dir.path);
    const clock = new RealClock();
    for (const name of ['cara', 'dan']) {
      passwords[name] = (await createUser(controller.store, clock, name, 'caregiver'))?.password ?? '';
    }
    await controller.store.patients.create(
      { code: 'P-cara', timezone: 'UTC', unit: 'bed-1', caregivers: ['cara'] },
      0,
    );
    await controller.store.patients.create(
      { code: 'P-dan', timezone: 'UTC', unit: 'bed-2', caregivers: ['dan'] },
      0,
    );
    for (const unit of ['bed-1', 'bed-2']) {
      const payload = { ...validPayloads.status, unit };
      await controller.ingest.handle(unitTopic(unit, 'status'), Buffer.from(JSON.stringify(payload)));
    }
    await controller.ingest.flush();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await controller?.stop();
    dir.remove();
  });

  it('sends an anonymous visitor to the login page, which says when the password is wrong', async () => {
    const page = await browser.newPage();
    await page.goto(controller.httpUrl);
    await page.waitForURL(`${controller.httpUrl}/login`);
    expect(await page.getByLabel('Username').getAttribute('autocomplete')).toBe('username');
    expect(await page.getByLabel('Password').getAttribute('autocomplete')).toBe('current-password');
    await page.getByLabel('Username').fill('cara');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('Wrong username or password.');
    await page.close();
  });

  it('shows only your own patients and who you are; after sign-out the back button shows nothing private', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await signInPage(page, controller.httpUrl, 'cara', passwords.cara ?? '');
    await page.waitForSelector('#connection[data-state="live"]');
    await page.waitForSelector('#patients tbody tr[data-unit="bed-1"] .status[data-online="true"]');
    expect(await page.locator('#patients tbody tr td.unit .unit-id').allTextContents()).toEqual(['bed-1']);
    expect(await page.locator('#patients tbody tr th.patient a').allTextContents()).toEqual(['P-cara']);
    expect(await page.locator('#who').textContent()).toBe('cara (caregiver)');
    expect(await page.content()).not.toContain('P-dan');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${controller.httpUrl}/login`);
    // From here on, record every page shown and every answer that could carry patient data.
    const shown: string[] = [];
    const answered: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) shown.push(new URL(frame.url()).pathname);
    });
    page.on('response', (res) => {
      const path = new URL(res.url()).pathname;
      if (path.startsWith('/api/') && path !== '/api/login') answered.push(`${path} ${res.status()}`);
    });
    await page.goBack();
    // Whatever the browser restores, the page asks the server and lands on the login form again.
    await page.waitForURL(`${controller.httpUrl}/login`);
    await page.getByLabel('Username').waitFor();
    const html = await page.content();
    expect(html).not.toContain('P-cara');
    expect(html).not.toContain('cara (caregiver)');
    expect(await page.locator('#patients tbody tr').count()).toBe(0);
    expect(shown).toEqual(['/', '/login']);
    // The page that came back asked who is signed in, was told nobody, and fetched nothing else.
    expect(answered).toEqual(['/api/me 401']);
    // The CSP let the bundle run without any inline script (no violations reported).
    expect(problems.filter((p) => /Content Security Policy/i.test(p))).toEqual([]);
    await context.close();
  });
});
