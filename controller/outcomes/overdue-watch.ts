import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { ControllerStore } from '../store/repos.js';
import { type OutcomeHooks, overdueAlerts } from './alerts.js';
import { patientReminders } from './patient-outcomes.js';

/**
 * Walks every patient's reminders and hands each newly overdue measure to `onOverdue` once per
 * due day (the alert's key), so a check every hour raises it once, not every hour.
 */
export class OverdueWatch {
  private readonly raised = new Set<string>();

  constructor(
    private readonly store: ControllerStore,
    private readonly clock: Clock,
    private readonly hooks: Pick<OutcomeHooks, 'onOverdue'>,
    private readonly log: Logger,
  ) {}

  /** One pass over every patient; returns how many alerts it raised. */
  async check(): Promise<number> {
    let count = 0;
    for (const patient of await this.store.patients.list()) {
      const reminders = await patientReminders(this.store, patient, this.clock);
      for (const alert of overdueAlerts(patient.code, reminders)) {
        if (this.raised.has(alert.key)) continue;
        this.raised.add(alert.key);
        await this.hooks.onOverdue(alert);
        count++;
      }
    }
    return count;
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
