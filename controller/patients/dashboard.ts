import type {
  CommandHistoryEntry,
  NightsView,
  NoteView,
  NotRun,
  OverviewEntry,
  UnitHealth,
} from '../../shared/api-dashboard.js';
import type { Clock } from '../../shared/clock.js';
import { infoSchema } from '../../shared/schemas/info.js';
import { scheduleSchema } from '../../shared/schemas/schedule.js';
import { scheduledWindows } from '../alerts/schedule-windows.js';
import { toCommandView } from '../http/routes/control.js';
import { toUnitView } from '../http/views.js';
import { nightOf } from '../outcomes/local-time.js';
import type { NoteRow } from '../store/notes-repo.js';
import type { PatientRecord } from '../store/patients-repo.js';
import type { ControllerStore } from '../store/repos.js';
import { buildNights, type NightSession, nextNight } from './nights.js';
import { reportOf, sessionsOfPatient } from './patient-sessions.js';

const DAY_MS = 86_400_000;
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** The patient's nights `from`..`to` for the calendar and the trends (loads, then buildNights). */
export async function nightsOfPatient(
  store: ControllerStore,
  patient: PatientRecord,
  now: number,
  days: number,
  to?: string,
): Promise<NightsView> {
  const zone = patient.timezone;
  const last = to ?? nextNight(nightOf(now, zone), -1);
  const first = nextNight(last, -(days - 1));
  // Nights run noon to noon: a margin of a day on each side covers every time zone.
  const fromMs = Date.parse(`${first}T00:00:00Z`) - DAY_MS;
  const toMs = Date.parse(`${last}T00:00:00Z`) + 2 * DAY_MS;
  const rows = (await sessionsOfPatient(store, patient.code, 10_000)).filter((s) => {
    const at = s.started_at ?? s.ended_at ?? 0;
    return at >= fromMs && at < toMs;
  });
  const sessions: NightSession[] = [];
  for (const row of rows) {
    const report = await reportOf(store, row);
    sessions.push({
      session_id: row.session_id,
      started_at: row.started_at,
      ended_at: row.ended_at,
      end_reason: row.end_reason,
      duration_s: row.duration_s,
      planned_s: row.planned_s ?? num(report?.planned_s),
      baseline_bpm: num(report?.baseline_bpm),
      min_bpm: num(report?.min_bpm),
      calm_point_s: num(report?.calm_point_s),
      valid_pulse_fraction: num(report?.valid_pulse_fraction),
    });
  }
  const history = await store.patients.unitHistory(patient.code);
  const heard: number[] = [];
  const notRun: NotRun[] = [];
  for (const h of history) {
    const span = [Math.max(fromMs, h.from_at), Math.min(toMs, h.to_at ?? toMs)] as const;
    for (const o of await store.sessions.occurrences(h.unit, ...span))
      notRun.push({
        scheduled_at: o.scheduled_at,
        type: o.type,
        reason: o.reason,
        late_s: o.type === 'missed' ? o.late_s : null,
        entry: o.entry,
      });
    const hours = await store.heard.hours(
      h.unit,
      Math.max(fromMs, h.from_at),
      Math.min(toMs, h.to_at ?? toMs),
    );
    heard.push(...hours);
  }
  const schedule = patient.unit ? await currentSchedule(store, patient.unit) : undefined;
  const windows = schedule
    ? scheduledWindows(schedule, Math.max(fromMs, history[0]?.from_at ?? fromMs), Math.min(toMs, now))
    : [];
  const firstAssigned = history[0]?.from_at;
  return {
    patient: patient.code,
    timezone: zone,
    from: first,
    to: last,
    nights: buildNights({
      timezone: zone,
      from: first,
      to: last,
      sessions,
      windows,
      heard_hours: heard,
      not_run: notRun,
      first_night: firstAssigned === undefined ? null : nightOf(firstAssigned, zone),
    }),
  };
}

async function currentSchedule(store: ControllerStore, unit: string) {
  const row = await store.control.schedule(unit);
  const parsed = row?.schedule_json ? scheduleSchema.safeParse(JSON.parse(row.schedule_json)) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

/**
 * The commands sent to the patient's units while they were the patient's, newest first, with who
 * sent each (the audit log) and `expired` for those never answered in time (by the Clock).
 */
export async function commandHistory(
  store: ControllerStore,
  code: string,
  clock: Clock,
  limit: number,
): Promise<CommandHistoryEntry[]> {
  const now = clock.now();
  const entries: CommandHistoryEntry[] = [];
  const actors = new Map<string, string>();
  for (const a of await store.audit.list({ patients: [code], limit: 1000 })) {
    if (a.action !== 'command' || a.outcome !== 'sent') continue;
    const cmdId = (JSON.parse(a.detail_json) as { cmd_id?: unknown }).cmd_id;
    if (typeof cmdId === 'string') actors.set(cmdId, a.actor);
  }
  for (const h of await store.patients.unitHistory(code)) {
    for (const row of await store.control.commands(h.unit, limit)) {
      if (row.issued_at < h.from_at || (h.to_at !== null && row.issued_at >= h.to_at)) continue;
      const view = toCommandView(row);
      const unanswered = view.status === 'sent' || view.status === 'accepted';
      entries.push({
        ...view,
        state: unanswered && now >= view.expires_at ? 'expired' : view.status,
        actor: actors.get(view.cmd_id) ?? null,
      });
    }
  }
  return entries.sort((a, b) => b.issued_at - a.issued_at).slice(0, limit);
}

/** The assigned unit's faults, firmware and ports, from its retained info and latest state. */
export async function unitHealth(store: ControllerStore, patient: PatientRecord): Promise<UnitHealth> {
  const row = patient.unit ? await store.units.get(patient.unit) : undefined;
  const live = row ? toUnitView(row) : null;
  const info = row?.info_json ? infoSchema.safeParse(JSON.parse(row.info_json)) : undefined;
  const ports: UnitHealth['ports'] = {};
  if (info?.success) {
    for (const [name, p] of Object.entries(info.data.ports))
      ports[name] = { adapter: p.adapter, ok: p.ok, code: p.code ?? null };
  }
  const state = row?.state_json ? (JSON.parse(row.state_json) as { next_session_at?: unknown }) : undefined;
  return {
    unit: patient.unit,
    live,
    faults: live?.faults ?? [],
    firmware: live?.firmware ?? null,
    simulated: live?.simulated ?? null,
    calibrated: live?.calibrated ?? null,
    ports,
    next_session_at: typeof state?.next_session_at === 'number' ? state.next_session_at : null,
  };
}

/** The overview's extra columns for each patient (their live unit view comes separately). */
export async function overviewOf(
  store: ControllerStore,
  patients: readonly PatientRecord[],
  now: number,
): Promise<OverviewEntry[]> {
  const active = await store.alerts.list({
    patients: patients.map((p) => p.code),
    status: 'active',
    limit: 1000,
  });
  const out: OverviewEntry[] = [];
  for (const p of patients) {
    const mine = active.filter((a) => a.patient === p.code);
    const top = (['high', 'warning', 'info'] as const).find((sev) => mine.some((a) => a.severity === sev));
    const last = (await nightsOfPatient(store, p, now, 1)).nights[0] ?? null;
    const schedule = p.unit ? await store.control.schedule(p.unit) : undefined;
    const health = p.unit ? await unitHealth(store, p) : undefined;
    out.push({
      patient: p.code,
      last_night: last,
      next_session_at: health?.next_session_at ?? schedule?.next_session_at ?? null,
      active_alerts: mine.length,
      top_severity: top ?? null,
    });
  }
  return out;
}

export function toNoteView(row: NoteRow): NoteView {
  return {
    id: row.id,
    patient: row.patient,
    author: row.author,
    at: row.at,
    text: row.text,
    session_id: row.session_id,
  };
}
