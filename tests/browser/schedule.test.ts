import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../controller/auth/users.js';
import type { RunningController } from '../../controller/main.js';
import { type RunningUnit, startUnit } from '../../device/main.js';
import { RealClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/log.js';
import { scheduleSchema } from '../../shared/schemas/schedule.js';
import { screenshot } from '../helpers/artifacts.js';
import { launchChromium, signInPage } from '../helpers/browser.js';
import { embeddedBroker, startTestController } from '../helpers/controller.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const PATIENT_ZONE = 'Europe/Berlin';
/** The caregiver is elsewhere: the browser runs in New York. */
const CAREGIVER_ZONE = 'America/New_York';

/** A caregiver builds a schedule in a real browser and a simulated unit applies (or refuses) it. */
describe('schedule editor in a real browser', () => {
  const dir = tempDir();
  let controller: RunningController;
  let unit: RunningUnit;
  let browser: Browser;
  let page: Page;
  let password = '';
  let viewerPassword = '';
  const shot = (name: string) => screenshot(page, 'schedule', name);

  beforeAll(async () => {
    controller = await startTestController(dir.path, embeddedBroker());
    const login = await controller.provisionUnit('bed-1');
    unit = await startUnit({
      id: 'bed-1',
      brokerUrl: controller.brokerUrl,
      ...login,
      speed: 1,
      stateDir: join(dir.path, 'bed-1'),
      profile: 'typical',
      log: silentLogger(),
    });
    password = (await createUser(controller.store, new RealClock(), 'cara', 'caregiver'))?.password ?? '';
    viewerPassword = (await createUser(controller.store, new RealClock(), 'vic', 'viewer'))?.password ?? '';
    await controller.store.patients.create(
      { code: 'P-1', timezone: PATIENT_ZONE, unit: 'bed-1', caregivers: ['cara', 'vic'] },
      0,
    );
    browser = await launchChromium();
    page = await browser.newPage({
      viewport: { width: 1280, height: 1000 },
      timezoneId: CAREGIVER_ZONE,
      locale: 'en-GB',
    });
    await waitFor('the unit online', async () => (await controller.store.units.get('bed-1'))?.online === 1);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await unit?.stop();
    await controller?.stop();
    dir.remove();
  });

  const inPatientZone = (days: number) =>
    DateTime.now().setZone(PATIENT_ZONE).plus({ days }).toISODate() as string;
  const pauseFrom = inPatientZone(7);
  const pauseTo = inPatientZone(8);
  const entry = (i: number) => page.locator(`fieldset[data-entry="${i}"]`);
  const statusState = () => page.locator('#schedule-status').getAttribute('data-state');
  const save = () => page.getByRole('button', { name: 'Save schedule' }).click();

  it('builds a weekday entry and an RRULE entry; an RRULE without a start date is refused at its field', {
    timeout: 60_000,
  }, async () => {
    await signInPage(page, controller.httpUrl, 'cara', password);
    await page.goto(`${controller.httpUrl}/patients/P-1`);
    await page.waitForSelector('#schedule-status[data-state="none"]');
    expect(await page.locator('#schedule-zone').textContent()).toBe(PATIENT_ZONE);

    await page.getByRole('button', { name: 'Add a session' }).click();
    await entry(0).getByLabel('Start time', { exact: true }).fill('21:30');
    for (const day of ['Sat', 'Sun']) await entry(0).getByLabel(day).uncheck();
    await entry(0).getByLabel('Length (min)', { exact: true }).fill('40');
    await page.getByRole('button', { name: 'Add a session' }).click();
    await entry(1).getByLabel('Repeats', { exact: true }).selectOption('rrule');
    await entry(1).getByLabel('RRULE', { exact: true }).fill('FREQ=WEEKLY;INTERVAL=2;BYDAY=SA');
    await entry(1).getByLabel('Start time', { exact: true }).fill('20:00');
    await entry(1).getByLabel('Light', { exact: true }).uncheck();
    expect(
      await entry(1).getByLabel('Protocol', { exact: true }).locator('option').allTextContents(),
    ).toContain('iso-45@1 — Iso principle, 45 minutes');
    await shot('built');
    await save();

    // The API refuses it; the reason stands at the RRULE field, and nothing was stored.
    const problem = entry(1).locator('#sched-1-rrule-error');
    await problem.waitFor({ timeout: 5000 }).catch(async (err: unknown) => {
      await shot('no-problem-shown');
      throw new Error(`${String(err)}; page says: ${await page.locator('#schedule').textContent()}`);
    });
    expect(await problem.textContent()).toContain('an rrule needs starts_on');
    expect(await entry(1).getByLabel('RRULE', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await controller.store.control.schedule('bed-1')).toBeUndefined();
    await shot('refused-by-api');

    const today = inPatientZone(0);
    await page.getByLabel('Starts on', { exact: true }).fill(today);
    // A hospital stay: no sessions on the two nights a week from now.
    await page.getByRole('button', { name: 'Add a pause' }).click();
    await page.locator('[data-pause="0"]').getByLabel('From', { exact: true }).fill(pauseFrom);
    await page.locator('[data-pause="0"]').getByLabel('To', { exact: true }).fill(pauseTo);
    await save();
    await page.waitForSelector('#schedule-saved');
    expect(await page.locator('#schedule-saved').textContent()).toBe('Saved as version 1.');
  });

  it('sees the unit apply it, and the coming sessions in the patient’s zone and the caregiver’s', async () => {
    await waitFor('applied by the unit', async () => (await statusState()) === 'applied', 20_000);
    expect(await page.locator('#schedule-status').textContent()).toContain('The unit runs version 1');
    const applied = await controller.store.control.schedule('bed-1');
    expect(applied?.applied_version).toBe(1);

    const rows = page.locator('#upcoming tbody tr');
    await waitFor('ten coming sessions', async () => (await rows.count()) === 10);
    expect(await page.locator('#upcoming thead').textContent()).toContain(
      `Patient's time (${PATIENT_ZONE})Your time (${CAREGIVER_ZONE})`,
    );
    // Each row's instant is the server's expansion of the stored schedule, shown in both zones.
    const stored = scheduleSchema.parse(JSON.parse(applied?.schedule_json ?? '{}'));
    expect(stored.pauses).toEqual([{ from: pauseFrom, to: pauseTo }]);
    for (let i = 0; i < 10; i++) {
      const row = rows.nth(i);
      const at = Number(await row.getAttribute('data-at'));
      const patient = DateTime.fromMillis(at, { zone: PATIENT_ZONE });
      const mine = DateTime.fromMillis(at, { zone: CAREGIVER_ZONE });
      const entryIndex = patient.toFormat('HH:mm') === '21:30' ? 0 : 1;
      expect(patient.toFormat('HH:mm')).toBe(stored.entries[entryIndex]?.time);
      const date = patient.toISODate() as string;
      expect(date < pauseFrom || date > pauseTo).toBe(true);
      if (entryIndex === 0) expect(patient.weekday).toBeLessThanOrEqual(5);
      else expect(patient.weekday).toBe(6);
      expect(await row.locator('td[data-zone="patient"]').textContent()).toContain(patient.toFormat('HH:mm'));
      expect(await row.locator('td[data-zone="caregiver"]').textContent()).toContain(mine.toFormat('HH:mm'));
      // Berlin and New York are six hours apart in December and most of the year.
      expect(patient.toFormat('HH:mm')).not.toBe(mine.toFormat('HH:mm'));
    }
    await shot('applied');
  });

  it('sees a start volume above the unit’s cap refused by the unit, with its reason at the field', async () => {
    await entry(0).getByLabel('Start volume dB(A)', { exact: true }).fill('58');
    await save();
    await waitFor('refused by the unit', async () => (await statusState()) === 'rejected', 20_000);
    const reasons = await page.locator('#schedule-reasons li').allTextContents();
    expect(reasons).toEqual(["entries.0.start_volume_dba: 58 dB(A) is above this unit's cap (55)"]);
    expect(await entry(0).locator('#sched-0-start_volume_dba-error').textContent()).toContain(
      "above this unit's cap (55)",
    );
    // The unit keeps running version 1.
    expect((await controller.store.control.schedule('bed-1'))?.applied_version).toBe(1);
    await shot('refused-by-unit');

    await entry(0).getByLabel('Start volume dB(A)', { exact: true }).fill('50');
    await save();
    await waitFor('version 3 applied', async () => (await statusState()) === 'applied', 20_000);
    expect(await page.locator('#schedule-status').textContent()).toContain('version 3');
    expect(await page.locator('#sched-0-start_volume_dba-error').count()).toBe(0);
  });

  it('shows a viewer the schedule and the coming sessions, read-only', async () => {
    const context = await browser.newContext({ timezoneId: CAREGIVER_ZONE, locale: 'en-GB' });
    const viewer = await context.newPage();
    try {
      await signInPage(viewer, controller.httpUrl, 'vic', viewerPassword);
      await viewer.goto(`${controller.httpUrl}/patients/P-1`);
      await viewer.waitForSelector('#schedule-status[data-state="applied"]');
      const entries = await viewer.locator('#schedule-entries li').allTextContents();
      expect(entries).toHaveLength(2);
      expect(entries[0]).toContain(
        'mon, tue, wed, thu, fri at 21:30: 40 min, iso-45@1, from 50 dB(A), light on',
      );
      expect(entries[1]).toContain('FREQ=WEEKLY;INTERVAL=2;BYDAY=SA at 20:00');
      expect(await viewer.locator('#upcoming tbody tr').count()).toBe(10);
      expect(await viewer.getByRole('button', { name: 'Save schedule' }).count()).toBe(0);
      expect(await viewer.locator('#schedule input, #schedule select').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
