import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../controller/auth/users.js';
import type { RunningController } from '../../controller/main.js';
import { RealClock } from '../../shared/clock.js';
import { unitTopic } from '../../shared/topics.js';
import { EPOCH, validPayloads } from '../fixtures/payloads.js';
import { screenshot } from '../helpers/artifacts.js';
import { launchChromium, signInPage } from '../helpers/browser.js';
import { startTestController } from '../helpers/controller.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * A caregiver enters a patient's outcome measures on the patient page, in a real browser, and reads
 * back the scores, the trends, the response summary and the self-harm alert; every number below is
 * worked out by hand (docs/outcomes.md).
 */

const day = (d: DateTime) => d.toISODate() as string;
const today = DateTime.utc().startOf('day');
/** A Monday 20 to 26 days ago: its first two nights share an ISO week, and yesterday is in the last two weeks. */
const start = today.minus({ days: 20 }).startOf('week');
const isoWeek = (d: DateTime) => d.toFormat("kkkk-'W'WW");

/** PSQI: C1 2, C2 1 (16 min → 1, + 5a 1 = 2 → 1), C3 1 (6.99 h), C4 0 (6.99 / 8 h = 87.4 %), C5 2 (3+3+3+1 = 10), C6 1, C7 2 (2 + 1) → 9. */
const PSQI = {
  bed: '23:00',
  latency_min: '16',
  rise: '07:00',
  sleep_h: '6.99',
  q5a: '1',
  q5b: '3',
  q5c: '3',
  q5d: '3',
  q5e: '1',
  q5f: '0',
  q5g: '0',
  q5h: '0',
  q5i: '0',
  q5j: '0',
  q6: '2',
  q7: '1',
  q8: '2',
  q9: '1',
};

/** Three diary nights with TIB, TST and SE by hand. */
const NIGHTS = [
  // 23:00 → 06:00 is 420 min, − 30 − 30 = 360 TST; TIB to 06:40 = 460; SE 78.3
  { date: day(start), bedtime: '23:00', sol: 30, awakenings: 1, waso: 30, wake: '06:00', up: '06:40' },
  // 22:30 → 06:30 is 480, − 60 − 30 = 390; TIB 510; SE 76.5
  {
    date: day(start.plus({ days: 1 })),
    bedtime: '22:30',
    sol: 60,
    awakenings: 2,
    waso: 30,
    wake: '06:30',
    up: '07:00',
  },
  // 23:00 → 07:00 is 480, − 10 = 470; TIB 480; SE 97.9
  {
    date: day(today.minus({ days: 1 })),
    bedtime: '23:00',
    sol: 10,
    awakenings: 0,
    waso: 0,
    wake: '07:00',
    up: '07:00',
  },
];
const SCORED = [
  { tib: '460.0', tst: '360.0', se: '78.3' },
  { tib: '510.0', tst: '390.0', se: '76.5' },
  { tib: '480.0', tst: '470.0', se: '97.9' },
];

describe('clinical outcomes on the patient page, in a real browser', () => {
  const dir = tempDir();
  let controller: RunningController;
  let browser: Browser;
  let page: Page;
  let viewerPassword = '';
  const shot = (name: string) => screenshot(page, 'outcomes', name);
  const text = async (selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();

  /** A night the unit ran, as its report arrives over MQTT (ingest is the same path). */
  async function unitNight(
    n: number,
    night: DateTime,
    endReason: string,
    durationS: number,
    baseline: number,
    calm: number,
  ) {
    const startedAt = night.set({ hour: 21 }).toMillis();
    const outcome = await controller.ingest.handle(
      unitTopic('bed-1', 'session/report'),
      Buffer.from(
        JSON.stringify({
          ...validPayloads['session/report'],
          epoch: EPOCH,
          seq: 100 + n,
          ts: startedAt + durationS * 1000,
          session_id: `s-${n}`,
          started_at: startedAt,
          ended_at: startedAt + durationS * 1000,
          duration_s: durationS,
          planned_s: 2700,
          end_reason: endReason,
          baseline_bpm: baseline,
          calm_point_s: calm,
        }),
      ),
    );
    expect(outcome).toBe('stored');
  }

  beforeAll(async () => {
    controller = await startTestController(dir.path);
    const cara = await createUser(controller.store, new RealClock(), 'cara', 'caregiver');
    viewerPassword = (await createUser(controller.store, new RealClock(), 'vera', 'viewer'))?.password ?? '';
    await controller.store.patients.create(
      { code: 'P-out', timezone: 'UTC', unit: 'bed-1', caregivers: ['cara', 'vera'] },
      today.minus({ days: 40 }).toMillis(),
    );
    // First two weeks: the timer ended it; last two: the button stopped it half-way (completion 0.5).
    await unitNight(1, start.plus({ days: 1 }), 'timer', 2700, 72, 900);
    await unitNight(2, today.minus({ days: 1 }), 'button', 1350, 64, 600);
    await controller.ingest.flush();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, controller.httpUrl, 'cara', cara?.password ?? '');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await controller?.stop();
    dir.remove();
  });

  const ready = async () => {
    await page.goto(`${controller.httpUrl}/patients/P-out`);
    await page.waitForSelector('.outcomes[data-ready="true"] #questionnaire-form');
  };
  const chooseMeasure = (m: string) =>
    page.locator('#questionnaire-form select[name="measure"]').selectOption(m);
  const saved = () => page.locator('#questionnaire-saved .entry-scores');

  it('sets the programme start', async () => {
    await ready();
    await page.locator('#programme-start').fill(day(start));
    await page.getByRole('button', { name: 'Save programme' }).click();
    await waitFor('the programme', async () =>
      (await text('#programme-days')).startsWith(`From ${day(start)}`),
    );
    expect(await text('#programme-days')).toBe(`From ${day(start)}, ongoing.`);
  });

  it('refuses an impossible PSQI with its path: message line, then scores the corrected one at once', async () => {
    await chooseMeasure('psqi');
    for (const [name, value] of Object.entries({ ...PSQI, sleep_h: '9' })) {
      const field = page.locator(`#q-psqi-${name}`);
      if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
    await page.locator('#questionnaire-form input[name="taken_on"]').fill(day(start.plus({ days: 2 })));
    await page.getByRole('button', { name: 'Save PSQI' }).click();
    const problem = page.locator('#questionnaire-form .issue-lines li');
    await problem.first().waitFor();
    expect(await problem.allTextContents()).toEqual([
      'answers.sleep_h: 9 h of sleep is more than the 8 h in bed from 23:00 to 07:00',
    ]);
    await page.locator('#q-psqi-sleep_h').fill(PSQI.sleep_h);
    await page.getByRole('button', { name: 'Save PSQI' }).click();
    await saved().waitFor();
    expect(await saved().getAttribute('data-total')).toBe('9');
    expect(await saved().textContent()).toContain(
      'PSQI global 9 · components C1 2, C2 1, C3 1, C4 0, C5 2, C6 1, C7 2',
    );
    expect(await page.locator('#questionnaire-form .issue-lines').count()).toBe(0);
  });

  it('scores an ISI and a PHQ-9 with item 9 at 1, which raises the high-severity alert at once', async () => {
    await chooseMeasure('isi');
    // The day stays from the last entry (a batch of paper forms shares one); these are today's.
    await page.locator('#questionnaire-form input[name="taken_on"]').fill(day(today));
    for (let i = 1; i <= 7; i++) await page.locator(`#q-isi-i${i}`).selectOption('2');
    await page.getByRole('button', { name: 'Save ISI' }).click();
    await waitFor('the ISI scores', async () => (await saved().getAttribute('data-measure')) === 'isi');
    // 7 × 2 = 14: the top of subthreshold (8–14).
    expect((await saved().textContent())?.replace(/\s+/g, ' ')).toBe('ISI total 14 · subthreshold');
    // Ready for the next entry: the same measure, its items empty again.
    expect(await page.locator('#questionnaire-form select[name="measure"]').inputValue()).toBe('isi');
    expect(await page.locator('#q-isi-i1').inputValue()).toBe('');

    await chooseMeasure('phq9');
    for (let i = 1; i <= 8; i++) await page.locator(`#q-phq9-p${i}`).selectOption('0');
    await page.locator('#q-phq9-p9').selectOption('1');
    await page.getByRole('button', { name: 'Save PHQ-9' }).click();
    await waitFor('the PHQ-9 scores', async () => (await saved().getAttribute('data-measure')) === 'phq9');
    expect(await saved().getAttribute('data-total')).toBe('1');
    expect(await saved().textContent()).toContain('· minimal');
    expect(await saved().locator('[data-self-harm="true"]').count()).toBe(1);
    // A total of 1 is minimal, yet item 9 reaches the caregiver at once, as a high-severity alert.
    const alert = page.locator('.alerts li.alert[data-kind="phq9_self_harm"]');
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.locator('.severity').getAttribute('data-severity')).toBe('high');
    await shot('questionnaires');
  });

  it('scores three diary nights as they are saved and trends them by ISO week', async () => {
    for (const [i, n] of NIGHTS.entries()) {
      await page.locator('#diary-date').fill(n.date);
      await page.locator('#diary-bedtime').fill(n.bedtime);
      await page.locator('#diary-sol_min').fill(String(n.sol));
      await page.locator('#diary-awakenings').fill(String(n.awakenings));
      await page.locator('#diary-waso_min').fill(String(n.waso));
      await page.locator('#diary-final_wake').fill(n.wake);
      await page.locator('#diary-out_of_bed').fill(n.up);
      await page.getByRole('button', { name: 'Save night' }).click();
      const out = page.locator(`#diary-saved[data-date="${n.date}"]`);
      await out.waitFor();
      const field = (f: string) => out.locator(`[data-field="${f}"]`).textContent();
      expect([await field('tib_min'), await field('tst_min'), await field('se_pct')]).toEqual([
        SCORED[i]?.tib,
        SCORED[i]?.tst,
        SCORED[i]?.se,
      ]);
    }
    const week = (d: DateTime) => page.locator(`#diary-weeks tr[data-week="${isoWeek(d)}"]`);
    await waitFor('the diary weeks', async () => (await page.locator('#diary-weeks tbody tr').count()) === 2);
    const cells = async (row: ReturnType<typeof week>) =>
      (await row.locator('td').allTextContents()).map((s) => s.trim());
    // The first two nights share the programme's first week: SOL (30 + 60) / 2, TST (360 + 390) / 2, SE (78.3 + 76.5) / 2.
    expect(await cells(week(start))).toEqual(['2', '45.0', '375.0', '77.4']);
    expect(await cells(week(today.minus({ days: 1 })))).toEqual(['1', '10.0', '470.0', '97.9']);
  });

  it('trends the totals beside the unit nights, with the programme start and the co-therapy marked', async () => {
    await page.locator('#co-what').fill('melatonin');
    await page.locator('#co-kind').selectOption('medication');
    await page.locator('#co-dose').fill('2 mg nightly');
    await page.locator('#co-from').fill(day(start.plus({ days: 3 })));
    await page.getByRole('button', { name: 'Add co-therapy' }).click();
    await page.locator('#co-therapy-list li').first().waitFor();
    expect(await text('#co-therapy-list li')).toContain(
      `melatonin (2 mg nightly), ${day(start.plus({ days: 3 }))} → ongoing`,
    );

    const rows = page.locator('#outcome-scores tbody tr');
    await waitFor('three questionnaire points', async () => (await rows.count()) === 3);
    const table = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())),
    );
    expect(table).toEqual([
      [day(start.plus({ days: 2 })), 'PSQI', '9'],
      [day(today), 'ISI', '14'],
      [day(today), 'PHQ-9', '1'],
    ]);
    expect(await text('.outcome-trends > p')).toContain(`the programme's first day (${day(start)})`);
    for (const chart of ['#trend-questionnaires', '#trend-diary', '#trend-unit'])
      expect(await page.locator(`${chart} canvas`).count()).toBe(1);
    // The unit's nights beside them: completion 100 % (the timer ended it), then 50 % (1350 of 2700 s).
    await page.locator('.outcome-trends details summary').click();
    const unitRows = await page
      .locator('#unit-nights tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim())));
    expect(unitRows).toEqual([
      [day(start.plus({ days: 1 })), '1', '100', '72.0', '15.0'],
      [day(today.minus({ days: 1 })), '1', '50', '64.0', '10.0'],
    ]);
    await page.locator('.outcome-trends').scrollIntoViewIfNeeded();
    await shot('trends');
  });

  it('sums up the response: first two weeks against the last two, each with what it rests on', async () => {
    await page.reload();
    await page.waitForSelector('.outcomes[data-ready="true"]');
    expect(await text('#reads-as')).toContain('Reads as music with melatonin (2 mg nightly)');
    const row = async (measure: string) =>
      (await page.locator(`#response-summary tr[data-measure="${measure}"] td`).allTextContents()).map((s) =>
        s.replace(/\s+/g, ' ').trim(),
      );
    expect(await row('psqi_global')).toEqual(['9.0 (1 entry)', '— (0 entries)', '—']);
    expect(await row('isi_total')).toEqual(['— (0 entries)', '14.0 (1 entry)', '—']);
    expect(await row('phq9_total')).toEqual(['— (0 entries)', '1.0 (1 entry)', '—']);
    expect(await row('gad7_total')).toEqual(['— (0 entries)', '— (0 entries)', '—']);
    expect(await row('diary_sol_min')).toEqual(['45.0 (2 nights)', '10.0 (1 night)', '-35.0']);
    expect(await row('diary_tst_min')).toEqual(['375.0 (2 nights)', '470.0 (1 night)', '+95.0']);
    expect(await row('baseline_bpm')).toEqual(['72.0 (1 night)', '64.0 (1 night)', '-8.0']);
    // The calm point in minutes: 900 s → 600 s.
    expect(await row('calm_point_s')).toEqual(['15.0 (1 night)', '10.0 (1 night)', '-5.0']);
    await page.locator('.response-summary').scrollIntoViewIfNeeded();
    await shot('response');
    // On a phone the page is one column and nothing needs a sideways scroll (charts shrink to fit).
    await page.setViewportSize({ width: 390, height: 844 });
    await waitFor('the page to fit a phone', () =>
      page.evaluate('document.documentElement.scrollWidth <= 390'),
    );
    await shot('patient-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows on the overview what is due: the GAD-7, never taken, overdue since the programme began', async () => {
    await page.goto(`${controller.httpUrl}/`);
    const due = page.locator('tr[data-patient="P-out"] td.due');
    await due.locator('li').first().waitFor();
    const days = Math.round(today.diff(start, 'days').days);
    expect(await due.locator('li').allTextContents()).toEqual([
      `▲ GAD-7 overdue ${days} d (since ${day(start)})`,
    ]);
    await shot('overview');
  });

  it('lets a viewer read the outcomes and enter nothing', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const viewer = await context.newPage();
    try {
      await signInPage(viewer, controller.httpUrl, 'vera', viewerPassword);
      await viewer.goto(`${controller.httpUrl}/patients/P-out`);
      await viewer.waitForSelector('.outcomes[data-ready="true"] #response-summary');
      const tst = viewer.locator('#response-summary tr[data-measure="diary_tst_min"] td.change');
      expect(await tst.textContent()).toBe('+95.0');
      for (const form of ['#questionnaire-form', '#diary-form', '#co-therapy-form', '#programme-form'])
        expect(await viewer.locator(form).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
