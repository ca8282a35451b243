import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  patientReminders,
  patientResponseSummary,
  trends,
} from '../../../controller/outcomes/patient-outcomes.js';
import { seedDemo } from '../../../controller/patients/demo-seed.js';
import { type ControllerStore, repositories } from '../../../controller/store/repos.js';
import { VirtualClock } from '../../../shared/clock.js';
import { storeKinds } from '../store/stores.js';

describe('the demo patient’s outcomes', () => {
  const clock = new VirtualClock(Date.UTC(2026, 4, 20, 9));
  let repos: ControllerStore;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const opened = await storeKinds[0].open();
    repos = repositories(opened.store);
    dispose = opened.dispose;
    await seedDemo(repos, clock, ['bed-1']);
  });
  afterAll(async () => dispose());

  it('gives the patient page four weeks to show: a response in both halves, music with melatonin', async () => {
    const patient = await repos.patients.get('demo-bed-1');
    if (!patient) throw new Error('no demo patient');
    const summary = await patientResponseSummary(repos, patient, clock);
    const m = summary.measures;
    expect(m.psqi_global.change).toBeLessThan(0);
    expect(m.isi_total.change).toBeLessThan(0);
    expect(m.diary_sol_min.change).toBeLessThan(0);
    expect(m.diary_sol_min.first.n).toBeGreaterThanOrEqual(10);
    expect(summary.reads_as).toBe('music with melatonin (2 mg nightly)');
    const t = await trends(repos, patient);
    expect(t.diary_weeks.length).toBeGreaterThanOrEqual(4);
    expect(t.questionnaires.phq9.map((p) => p.value)).toEqual([8, 5]);
    // Nothing is overdue on the demo's first morning; the PHQ-9 taken 13 days ago is due tomorrow.
    const reminders = await patientReminders(repos, patient, clock);
    expect(reminders.filter((r) => r.status === 'overdue')).toEqual([]);
    const phq9 = reminders.find((r) => r.measure === 'phq9');
    expect(phq9?.status).toBe('not_due');
    expect(phq9 && phq9.last !== null && phq9.due_on > phq9.last).toBe(true);
    // Seeding again (a kept demo database) adds nothing.
    await seedDemo(repos, clock, ['bed-1']);
    expect(await repos.outcomes.questionnaires('demo-bed-1')).toHaveLength(9);
  });
});
