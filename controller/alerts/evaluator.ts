import { AlertKind } from '../../shared/api-dashboard.js';
import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { scheduleSchema } from '../../shared/schemas/schedule.js';
import { scheduleStatus } from '../control/schedule-status.js';
import { toUnitView } from '../http/views.js';
import type { PatientRecord } from '../store/patients-repo.js';
import type { ControllerStore } from '../store/repos.js';
import { evaluateRules, LOOKBACK_MS, type PatientFacts } from './rules.js';
import type { AlertService } from './service.js';

const BUILT_IN_KINDS: readonly string[] = Object.values(AlertKind);
const DEFAULT_EVERY_MS = 60_000;

export interface AlertEvaluatorOptions {
  store: ControllerStore;
  alerts: AlertService;
  clock: Clock;
  log: Logger;
  /** How often every patient is evaluated (default: once a minute). */
  everyMs?: number;
}

/** Runs the pure rules over every patient on the Clock; the service stores and de-duplicates. */
export class AlertEvaluator {
  private timer: Timer | undefined;
  private running: Promise<void> = Promise.resolve();
  private busy = false;

  constructor(private readonly o: AlertEvaluatorOptions) {}

  start(): void {
    this.timer ??= this.o.clock.setInterval(() => {
      // On a fast clock a pass may outlast the interval: skip a tick rather than queue passes up.
      if (this.busy) return;
      this.evaluateAll().catch(() => undefined);
    }, this.o.everyMs ?? DEFAULT_EVERY_MS);
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await this.running;
  }

  /** One pass over every patient; passes never overlap. */
  evaluateAll(): Promise<void> {
    this.running = this.running.then(() => this.pass());
    return this.running;
  }

  private async pass(): Promise<void> {
    this.busy = true;
    try {
      for (const patient of await this.o.store.patients.list()) {
        try {
          await this.evaluate(patient);
        } catch (err) {
          this.o.log.warn({ err: errorMessage(err), patient: patient.code }, 'alert evaluation failed');
        }
      }
    } catch (err) {
      this.o.log.warn({ err: errorMessage(err) }, 'alert evaluation pass failed');
    } finally {
      this.busy = false;
    }
  }

  async evaluate(patient: PatientRecord): Promise<void> {
    const facts = await loadFacts(this.o.store, this.o.alerts, patient, this.o.clock.now());
    await this.o.alerts.apply(patient.code, patient.unit, evaluateRules(facts), BUILT_IN_KINDS);
  }
}

/** Everything the rules need about one patient, from the store. */
export async function loadFacts(
  store: ControllerStore,
  alerts: AlertService,
  patient: PatientRecord,
  now: number,
): Promise<PatientFacts> {
  const settings = await alerts.settings(patient.code);
  const base = {
    patient: patient.code,
    timezone: patient.timezone,
    now,
    settings,
    live: null,
    schedule: null,
    session_starts: [],
    heard_hours: [],
    schedule_status: null,
    occurrences: [],
  };
  if (!patient.unit) return { ...base, unit: null };
  const unit = patient.unit;
  const history = await store.patients.unitHistory(patient.code);
  const assigned_at = history.find((h) => h.unit === unit && h.to_at === null)?.from_at ?? now;
  const from = Math.max(now - LOOKBACK_MS, assigned_at);
  const row = await store.units.get(unit);
  const view = row ? toUnitView(row) : undefined;
  const scheduleRow = await store.control.schedule(unit);
  const parsed = scheduleRow?.schedule_json
    ? scheduleSchema.safeParse(JSON.parse(scheduleRow.schedule_json))
    : undefined;
  const sessions = await store.sessions.listForUnitBetween(unit, from, null, 1000);
  return {
    ...base,
    unit: { id: unit, assigned_at },
    live:
      row && view
        ? {
            online: view.online,
            last_seen_at: row.last_seen_at,
            status_changed_at: row.status_changed_at,
            session_id: view.session_id,
            faults: view.faults,
          }
        : null,
    schedule: parsed?.success ? parsed.data : null,
    session_starts: sessions.map((s) => s.started_at ?? s.ended_at ?? 0),
    heard_hours: await store.heard.hours(unit, from, now + 1),
    schedule_status: scheduleStatus(
      scheduleRow,
      row ? { online: view?.online ?? false, status_changed_at: row.status_changed_at } : null,
    ),
    occurrences: (await store.sessions.occurrences(unit, from, now + 1)).map((o) => ({
      type: o.type,
      scheduled_at: o.scheduled_at,
      reason: o.reason,
    })),
  };
}
