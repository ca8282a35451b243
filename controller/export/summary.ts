import { type NightStatus, nightStatusSchema, type PatientSummary } from '../../shared/api-dashboard.js';
import { toAlertView } from '../alerts/service.js';
import { toSessionView } from '../http/views.js';
import { nightsOfPatient, toNoteView, unitHealth } from '../patients/dashboard.js';
import { median } from '../patients/nights.js';
import { sessionsOfPatient } from '../patients/patient-sessions.js';
import type { PatientRecord } from '../store/patients-repo.js';
import type { ControllerStore } from '../store/repos.js';

export const SUMMARY_NIGHTS = 28;

/** The printable one-page summary: the last four weeks of nights, trends, alerts and notes. */
export async function patientSummary(
  store: ControllerStore,
  patient: PatientRecord,
  now: number,
): Promise<PatientSummary> {
  const view = await nightsOfPatient(store, patient, now, SUMMARY_NIGHTS);
  const periodStart = Date.parse(`${view.from}T00:00:00Z`) - 86_400_000;
  const counts = Object.fromEntries(nightStatusSchema.options.map((s) => [s, 0])) as Record<
    NightStatus,
    number
  >;
  for (const n of view.nights) counts[n.status]++;
  const used = view.nights.filter((n) => n.session_id !== null);
  const scheduled = view.nights.filter((n) => n.scheduled_at !== null);
  const scheduledUsed = scheduled.filter((n) => n.session_id !== null).length;
  const inPeriod = new Set(view.nights.flatMap((n) => n.session_ids));
  const sessions = (await sessionsOfPatient(store, patient.code, 1000)).filter((s) =>
    inPeriod.has(s.session_id),
  );
  const alerts = await store.alerts.list({
    patients: [patient.code],
    status: 'all',
    limit: 200,
    openedFrom: periodStart,
  });
  const notes = await store.notes.list(patient.code, { limit: 100, from: periodStart });
  const health = await unitHealth(store, patient);
  return {
    patient: patient.code,
    timezone: patient.timezone,
    generated_at: now,
    from: view.from,
    to: view.to,
    unit: patient.unit,
    firmware: health.firmware,
    nights: view.nights,
    counts,
    adherence: scheduled.length > 0 ? scheduledUsed / scheduled.length : null,
    medians: {
      baseline_bpm: median(used.map((n) => n.baseline_bpm)),
      min_bpm: median(used.map((n) => n.min_bpm)),
      calm_point_s: median(used.map((n) => n.calm_point_s)),
      completion: median(used.map((n) => n.completion)),
    },
    sessions: sessions.map(toSessionView),
    alerts: alerts.map(toAlertView),
    notes: notes.map(toNoteView),
  };
}
