import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../controller/auth/users.js';
import type { RunningController } from '../../controller/main.js';
import { type RunningUnit, startUnit } from '../../device/main.js';
import type { PatientSessionDetail } from '../../shared/api-people.js';
import { RealClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/log.js';
import { screenshot } from '../helpers/artifacts.js';
import { launchChromium, signInPage } from '../helpers/browser.js';
import { embeddedBroker, startTestController } from '../helpers/controller.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

/** The caregiver's night at a glance, in a real browser, against two simulated units. */
describe('caregiver dashboard in a real browser', () => {
  const dir = tempDir();
  let controller: RunningController;
  const units: RunningUnit[] = [];
  let browser: Browser;
  let page: Page;
  let password = '';
  const shot = (name: string) => screenshot(page, 'dashboard', name);

  beforeAll(async () => {
    controller = await startTestController(dir.path, embeddedBroker(true), { alertEveryMs: 2000 });
    for (const id of ['bed-1', 'bed-2']) {
      const login = await controller.provisionUnit(id);
      units.push(
        await startUnit({
          id,
          brokerUrl: controller.brokerUrl,
          ...login,
          // bed-1 on real time: its clock must agree with the commands' expiry; bed-2 at 120×.
          speed: id === 'bed-1' ? 1 : 120,
          stateDir: join(dir.path, id),
          profile: 'typical',
          sessionNow: true,
          log: silentLogger(),
        }),
      );
    }
    password = (await createUser(controller.store, new RealClock(), 'cara', 'caregiver'))?.password ?? '';
    for (const unit of ['bed-1', 'bed-2'])
      await controller.store.patients.create(
        { code: `P-${unit}`, timezone: 'UTC', unit, caregivers: ['cara'] },
        0,
      );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all(units.map((u) => u.stop()));
    await controller?.stop();
    dir.remove();
  });

  it('lists both patients online with a live, changing heart rate', async () => {
    await signInPage(page, controller.httpUrl, 'cara', password);
    await page.waitForSelector('#connection[data-state="live"]');
    await waitFor(
      'two online rows',
      async () => (await page.locator('#patients tbody tr .status[data-online="true"]').count()) === 2,
    );
    expect((await page.locator('#patients tbody tr th.patient a').allTextContents()).sort()).toEqual([
      'P-bed-1',
      'P-bed-2',
    ]);
    const bpmOf = () => page.locator('tr[data-patient="P-bed-1"] td.bpm').textContent();
    const first = await waitFor('a heart rate', async () => ((await bpmOf()) ?? '').match(/^\d+ bpm$/)?.[0]);
    await waitFor('the heart rate to change', async () => (await bpmOf()) !== first);
    await waitFor(
      'last night loaded',
      async () => (await page.locator('td.last-night').first().textContent()) !== '…',
    );
    await shot('overview');
    // On a phone the rows become labelled cards; nothing needs a sideways scroll.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate('document.documentElement.scrollWidth <= 390')).toBe(true);
    await shot('overview-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('stops and starts a session remotely and shows the unit answer: accepted, then done', async () => {
    await page.locator('a', { hasText: 'P-bed-1' }).first().click();
    await page.waitForSelector('.patient-page[data-ready="true"]');
    const latest = page.locator('#command-latest');
    const answered = async (name: string) => {
      const seen = new Set<string>();
      await shot(`patient-${name}-sent`);
      await waitFor(`${name}: done`, async () => {
        const state = await latest
          .locator('.cmd-state')
          .getAttribute('data-state')
          .catch(() => null);
        const text = (await latest.textContent()) ?? '';
        if (state && text.includes(name)) seen.add(state);
        return state === 'done' && text.includes(name);
      });
      return seen;
    };
    await page.getByRole('button', { name: 'Stop session' }).click();
    const stopSeen = await answered('stop');
    await page.getByRole('button', { name: 'Start session' }).click();
    const startSeen = await answered('start');
    // The unit answers within milliseconds; what the page must show at the end is done, and the
    // history row says done too (accepted, when it was caught, came before it).
    expect(stopSeen.has('done') && startSeen.has('done')).toBe(true);
    await page.getByRole('button', { name: 'Stop session' }).click();
    await answered('stop');
    expect(await page.locator('#commands tbody tr').count()).toBe(3);
    expect(await page.locator('#commands tbody tr[data-state="done"]').count()).toBe(3);
    await shot('patient');
  });

  it('opens the finished night and finds the chart with its phases', async () => {
    await page.reload();
    await page.waitForSelector('.patient-page[data-ready="true"]');
    const finished = page.locator('#sessions tbody tr', { hasText: 'command' }).first();
    await finished.locator('a').click();
    await page.waitForSelector('.night-page[data-ready="true"]');
    await page.waitForSelector('#night-chart canvas');
    expect(await page.locator('#phases li').count()).toBeGreaterThan(0);
    expect(await page.locator('#phases li').first().getAttribute('data-phase')).toBe('settling');
    expect(await page.locator('#report').textContent()).toContain('Ended by');
    // The command that ended it is a mark on the time axis, listed in words beside it.
    expect(await page.locator('#events').textContent()).toContain('command stop sent');
    expect(await page.getByText('not real-time medical monitoring').count()).toBe(1);
    await shot('night');
  });

  it('exports CSV from the page with exactly the stored samples of each finished session', async () => {
    await page.goBack();
    await page.waitForSelector('.patient-page[data-ready="true"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#export-csv').click(),
    ]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8')
      .trim()
      .split('\n');
    const header = (csv[0] ?? '').split(',');
    const col = (name: string) => header.indexOf(name);
    const rows = csv.slice(1).map((line) => line.split(','));
    const sessions = (await (
      await page.request.get(`${controller.httpUrl}/api/patients/P-bed-1/sessions`)
    ).json()) as {
      session_id: string;
      ended_at: number | null;
    }[];
    const finished = sessions.filter((s) => s.ended_at !== null);
    expect(finished.length).toBeGreaterThan(0);
    for (const s of finished) {
      const detail = (await (
        await page.request.get(`${controller.httpUrl}/api/patients/P-bed-1/sessions/${s.session_id}`)
      ).json()) as PatientSessionDetail;
      const mine = rows.filter((r) => r[col('session_id')] === s.session_id);
      expect(mine.length).toBe(detail.samples.length);
      mine.forEach((r, i) => {
        const stored = detail.samples[i];
        expect(Number(r[col('t')])).toBe(stored?.t);
        expect(r[col('bpm')] === '' ? null : Number(r[col('bpm')])).toBe(stored?.bpm);
        expect(Number(r[col('light')])).toBe(stored?.light);
        expect(r[col('volume_db')] === '' ? null : Number(r[col('volume_db')])).toBe(stored?.volume_db);
      });
    }
  });

  it('opens the print view of the last four weeks', async () => {
    await page.locator('#print-link').click();
    await page.waitForSelector('.summary[data-ready="true"]');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.banner').isVisible()).toBe(false);
    expect(await page.locator('.summary .calendar .night').count()).toBe(28);
    await shot('summary-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('shows the alert an offline unit raises during a scheduled session, and acknowledges it', async () => {
    // A window open now on the patient's schedule, and a one-minute threshold for silence.
    const now = new Date();
    const day = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][now.getUTCDay()];
    const start = new Date(now.getTime() - 5 * 60_000);
    const hhmm = `${String(start.getUTCHours()).padStart(2, '0')}:${String(start.getUTCMinutes()).padStart(2, '0')}`;
    const csrf = (await page.evaluate(
      "fetch('/api/me').then((r) => r.json()).then((m) => m.csrf_token)",
    )) as string;
    const put = (path: string, body: unknown) =>
      page.request.put(`${controller.httpUrl}${path}`, { headers: { 'x-csrf-token': csrf }, data: body });
    expect(
      (
        await put('/api/patients/P-bed-2/schedule', {
          timezone: 'UTC',
          entries: [{ days: [day], time: hhmm, duration_min: 60 }],
        })
      ).status(),
    ).toBe(202);
    expect((await put('/api/patients/P-bed-2/alert-settings', { offline_after_min: 1 })).ok()).toBe(true);
    await units[1]?.stop();
    await page.goto(`${controller.httpUrl}/`);
    const alert = page.locator('.alert[data-kind="unit_offline"]');
    await alert.waitFor({ timeout: 120_000 });
    await shot('overview-alert');
    // Patients with open alerts come first, marked in words as well as colour.
    expect(await page.locator('tr[data-patient="P-bed-2"]').getAttribute('data-attention')).toBe('alert');
    expect(await page.locator('tr[data-patient="P-bed-2"] .alert-count').textContent()).toMatch(/alerts?$/);
    await shot('overview-alert');
    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    await page.waitForSelector('.alert[data-kind="unit_offline"][data-status="acknowledged"]');
  }, 150_000);
});
