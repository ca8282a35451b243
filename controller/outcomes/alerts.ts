import type { QuestionnaireEntry } from '../../shared/api-outcomes.js';
import type { Logger } from '../../shared/log.js';
import type { Reminder } from '../../shared/schemas/outcomes/index.js';
import type { AlertService } from '../alerts/service.js';

/**
 * What the outcome measures must tell the patient's caregivers, decided here as plain data; the
 * alerts engine (controller/alerts/, `raise`) delivers it. The hook is wired at the composition root.
 * The shape is the one dash-server's `alertRaiseSchema` takes (shared/api-dashboard.ts there).
 */
const OVERDUE_KIND = 'outcome_overdue';

export interface OutcomeAlert {
  patient: string;
  /** An outcome is about the patient, not a unit. */
  unit: null;
  kind: 'phq9_self_harm' | 'outcome_overdue';
  /** high: act now; warning: act today. */
  severity: 'high' | 'warning';
  /** Raising the same key twice is one alert (an engine may deduplicate on it). */
  key: string;
  message: string;
  detail: Record<string, unknown>;
}

export interface OutcomeHooks {
  /** PHQ-9 item 9 above 0: called at once, before the entry's answer goes back. */
  onSelfHarm(alert: OutcomeAlert): void | Promise<void>;
  /**
   * The patient's overdue measures now, on every check and after every entry: an empty list means
   * none (the engine clears the alerts of measures no longer overdue).
   */
  onOverdue(patient: string, alerts: readonly OutcomeAlert[]): void | Promise<void>;
}

/**
 * PHQ-9 item 9 above 0 is a high-severity alert whatever the total (CLINICAL.md), also when the
 * total is null because another item is missing. Any other entry: undefined.
 */
export function selfHarmAlert(entry: QuestionnaireEntry): OutcomeAlert | undefined {
  if (entry.measure !== 'phq9' || !entry.scores.self_harm_flag) return undefined;
  const item9 = entry.answers.p9;
  return {
    patient: entry.patient,
    unit: null,
    kind: 'phq9_self_harm',
    severity: 'high',
    key: `phq9_self_harm:${entry.patient}:${entry.id}`,
    message: `PHQ-9 item 9 (self-harm thoughts) answered ${String(item9)}: contact the patient now`,
    detail: {
      entry_id: entry.id,
      item9,
      total: entry.scores.total,
      band: entry.scores.band,
      taken_at: entry.taken_at,
      entered_by: entry.entered_by,
    },
  };
}

/** One warning per overdue measure, keyed by its due day so a day's repeat check adds none. */
export function overdueAlerts(patient: string, reminders: readonly Reminder[]): OutcomeAlert[] {
  return reminders
    .filter((r) => r.status === 'overdue')
    .map((r) => ({
      patient,
      unit: null,
      kind: OVERDUE_KIND,
      severity: 'warning' as const,
      key: `outcome_overdue:${patient}:${r.measure}:${r.due_on}`,
      message: `${r.measure === 'diary' ? 'sleep diary' : r.measure.toUpperCase()} overdue by ${r.days_overdue} day${r.days_overdue === 1 ? '' : 's'} (due ${r.due_on})`,
      detail: { measure: r.measure, due_on: r.due_on, days_overdue: r.days_overdue, last: r.last },
    }));
}

/** The outcome alerts go to the alerts engine: stored, de-duplicated by key, on the live stream. */
export function alertServiceHooks(alerts: Pick<AlertService, 'raise' | 'apply'>): OutcomeHooks {
  return {
    onSelfHarm: async (alert) => {
      await alerts.raise(alert);
    },
    // An ongoing condition: updated while it lasts, cleared by the engine once the measure is entered.
    onOverdue: async (patient, overdue) => {
      await alerts.apply(
        patient,
        null,
        overdue.map((a) => ({ ...a, ongoing: true })),
        [OVERDUE_KIND],
      );
    },
  };
}

/** Without an alerts engine (a library use): the alerts are logged (warn), so none is silently lost. */
export function logOutcomeHooks(log: Logger): OutcomeHooks {
  const logged = new Set<string>();
  return {
    onSelfHarm: (alert) => log.warn({ alert }, alert.message),
    // Once per key (measure and due day), not on every check.
    onOverdue: (_patient, overdue) => {
      for (const alert of overdue) {
        if (logged.has(alert.key)) continue;
        logged.add(alert.key);
        log.warn({ alert }, alert.message);
      }
    },
  };
}
