import { createUser } from '../../controller/auth/users.js';
import { startController } from '../../controller/main.js';
import { runOfflineSession } from '../../device/program/offline.js';
import { RealClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/log.js';
import { unitTopic } from '../../shared/topics.js';
import { launchChromium, signInPage } from '../helpers/browser.js';
import { embeddedBroker } from '../helpers/controller.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { Bench } from './bench.js';

const NIGHTS = 90;
const DAY = 86_400_000;
const EPOCH = 'bench-epoch-0001';

/**
 * The patient page with 90 nights and the night review of a 90-minute session: from navigation to
 * the charts drawn (the page's own ready mark and the uPlot canvas), in Chromium, best of 3.
 * The nights are 90 real offline-run sessions' reports; the long night carries every sample.
 */
async function pages(progress: (m: string) => void): Promise<Record<string, unknown>> {
  const dir = tempDir();
  const controller = await startController({
    broker: embeddedBroker(),
    db: `sqlite:${dir.path}/controller.db`,
    http: { host: '127.0.0.1', port: 0 },
    log: silentLogger(),
  });
  const browser = await launchChromium();
  try {
    const password =
      (await createUser(controller.store, new RealClock(), 'cara', 'caregiver'))?.password ?? '';
    const unit = 'bed-1';
    await controller.store.patients.create({ code: 'P-1', timezone: 'UTC', unit, caregivers: ['cara'] }, 0);
    let seq = 0;
    const send = (
      kind: 'session/event' | 'session/samples' | 'session/report',
      body: Record<string, unknown>,
    ) =>
      controller.ingest.handle(
        unitTopic(unit, kind),
        Buffer.from(JSON.stringify({ v: 1, unit, ts: Date.now(), epoch: EPOCH, seq: seq++, ...body })),
      );
    const long = runOfflineSession({ profile: 'typical', seed: 3, minutes: 90 });
    const short = runOfflineSession({ profile: 'typical', seed: 4, minutes: 45 });
    const tonight = Date.now() - DAY / 2;
    let longId = '';
    for (let n = NIGHTS; n >= 1; n--) {
      const run = n === 1 ? long : short;
      const start = tonight - (n - 1) * DAY - 3 * 3600_000;
      const shift = start - run.report.started_at;
      const session_id = `night-${n}`;
      if (n === 1) longId = session_id;
      await send('session/event', {
        session_id,
        type: 'started',
        trigger: 'schedule',
        planned_s: run.report.planned_s,
      });
      if (n === 1) {
        for (let i = 0; i < run.samples.length; i += 120)
          await send('session/samples', {
            session_id,
            interval_ms: 1000,
            samples: run.samples.slice(i, i + 120).map((s) => ({ ...s, t: s.t + shift })),
          });
      }
      await send('session/report', {
        ...run.report,
        session_id,
        started_at: run.report.started_at + shift,
        ended_at: run.report.ended_at + shift,
      });
    }
    await controller.ingest.flush();
    progress(`${NIGHTS} nights seeded, the long one with ${long.samples.length} samples`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, controller.httpUrl, 'cara', password);
    const time = async (url: string, ready: string) => {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        await page.goto(`${controller.httpUrl}/`);
        await page.waitForSelector('#patients');
        const started = Date.now();
        await page.evaluate(
          `history.pushState(null, '', ${JSON.stringify(url)}); dispatchEvent(new PopStateEvent('popstate'))`,
        );
        await page.waitForSelector(ready);
        runs.push(Date.now() - started);
      }
      return runs;
    };
    const patientRuns = await time(
      `/patients/P-1?nights=${NIGHTS}`,
      '.patient-page[data-ready="true"] #trend-calm canvas',
    );
    // The calendar must show the seeded nights, or the timing measured an empty page.
    const shownNights = (await page.evaluate(
      `document.querySelectorAll('.calendar .night:not([data-night="no_data"]):not([data-night="none"])').length`,
    )) as number;
    const nightRuns = await time(
      `/patients/P-1/sessions/${longId}`,
      '.night-page[data-ready="true"] #night-chart canvas',
    );
    return {
      nights: NIGHTS,
      nights_with_a_session_shown: shownNights,
      long_session_samples: long.samples.length,
      patient_page_ms: Math.min(...patientRuns),
      patient_page_runs_ms: patientRuns,
      night_review_ms: Math.min(...nightRuns),
      night_review_runs_ms: nightRuns,
      goal_ms: 1000,
      met: shownNights >= NIGHTS - 1 && Math.min(...patientRuns) < 1000 && Math.min(...nightRuns) < 1000,
    };
  } finally {
    await browser.close();
    await controller.stop();
    dir.remove();
  }
}

export const benches: Bench[] = [{ name: 'dashboard.pages', run: ({ progress }) => pages(progress) }];
