import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { PatientRecord } from '../store/patients-repo.js';
import type { ControllerStore } from '../store/repos.js';
import { type OutcomeHooks, overdueAlerts } from './alerts.js';
import { patientReminders } from './patient-outcomes.js';

/**
 * Hands every patient's overdue measures to `onOverdue`, every hour and at start; the routes call
 * `checkPatient` after an entry, so an alert clears as soon as its measure is entered.
 */
export class OverdueWatch {
  constructor(
    private readonly store: ControllerStore,
    private readonly clock: Clock,
    private readonly hooks: Pick<OutcomeHooks, 'onOverdue'>,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  /** One pass over every patient; returns how many measures are overdue. */
  async check(): Promise<number> {
    let count = 0;
    for (const patient of await this.store.patients.list()) count += await this.checkPatient(patient);
    return count;
  }

  async checkPatient(patient: PatientRecord): Promise<number> {
    const overdue = overdueAlerts(patient.code, await patientReminders(this.store, patient, this.clock));
    await this.hooks.onOverdue(patient.code, overdue);
    return overdue.length;
  }

  /** Checks now and every `everyMs`; the returned function stops it. */
  start(everyMs: number): () => void {
    const run = () => {
      this.check().catch((err: unknown) => this.log.warn({ err }, 'overdue outcome check failed'));
    };
    run();
    const timer = this.clock.setInterval(run, everyMs);
    return () => timer.cancel();
  }
}
