import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../controller/auth/users.js';
import type { RunningController } from '../../controller/main.js';
import { type RunningUnit, startUnit } from '../../device/main.js';
import { RealClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/log.js';
import { launchChromium, signInPage } from '../helpers/browser.js';
import { embeddedBroker, startTestController } from '../helpers/controller.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

describe('dashboard in a real browser', () => {
  const dir = tempDir();
  let controller: RunningController;
  const units: RunningUnit[] = [];
  let browser: Browser;
  let password = '';

  beforeAll(async () => {
    controller = await startTestController(dir.path, embeddedBroker(true));
    for (const id of ['bed-1', 'bed-2']) {
      const login = await controller.provisionUnit(id);
      units.push(
        await startUnit({
          id,
          brokerUrl: controller.brokerUrl,
          ...login,
          speed: 120,
          stateDir: join(dir.path, id),
          profile: 'typical',
          sessionNow: true,
          log: silentLogger(),
        }),
      );
    }
    const issued = await createUser(controller.store, new RealClock(), 'cara', 'caregiver');
    password = issued?.password ?? '';
    for (const unit of ['bed-1', 'bed-2']) {
      await controller.store.patients.create(
        { code: `P-${unit}`, timezone: 'Europe/Berlin', unit, caregivers: ['cara'] },
        0,
      );
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all(units.map((u) => u.stop()));
    await controller?.stop();
    dir.remove();
  });

  it('lists both units online with a live, changing heart rate', async () => {
    const page = await browser.newPage();
    await signInPage(page, controller.httpUrl, 'cara', password);
    await page.waitForSelector('#connection[data-state="live"]');
    const rows = page.locator('#units tbody tr');
    await waitFor(
      'two online rows',
      async () => (await page.locator('#units tbody tr .status[data-online="true"]').count()) === 2,
    );
    expect(await rows.locator('td:first-child').allTextContents()).toEqual(['bed-1', 'bed-2']);
    for (const phase of await rows.locator('td.phase').allTextContents()) {
      expect(['settling', 'descending', 'fading']).toContain(phase);
    }

    const bpmOf = () => page.locator('#units tbody tr[data-unit="bed-1"] td.bpm').textContent();
    const first = await waitFor('a heart rate', async () => ((await bpmOf()) ?? '').match(/^\d+ bpm$/)?.[0]);
    await waitFor('the heart rate to change', async () => (await bpmOf()) !== first);
    await page.close();
  });
});
