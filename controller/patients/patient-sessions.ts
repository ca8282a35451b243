import type { ExportRow } from '../../shared/api-people.js';
import { type SessionSample, sessionSampleSchema } from '../../shared/schemas/session-samples.js';
import type { ControllerStore } from '../store/repos.js';
import type { SessionRow } from '../store/sessions-repo.js';

/**
 * A session belongs to the patient whose unit ran it at the time (DESIGN.md): the patient's
 * sessions are those of each unit it had, within the time it had it.
 */
export async function sessionsOfPatient(
  store: ControllerStore,
  code: string,
  limit = 100,
): Promise<SessionRow[]> {
  const history = await store.patients.unitHistory(code);
  const all: SessionRow[] = [];
  for (const h of history)
    all.push(...(await store.sessions.listForUnitBetween(h.unit, h.from_at, h.to_at, limit)));
  return all
    .sort((a, b) => (b.started_at ?? b.ended_at ?? 0) - (a.started_at ?? a.ended_at ?? 0))
    .slice(0, limit);
}

/** One of the patient's sessions, or undefined when it is not theirs. */
export async function sessionOfPatient(
  store: ControllerStore,
  code: string,
  sessionId: string,
): Promise<SessionRow | undefined> {
  for (const h of await store.patients.unitHistory(code)) {
    const row = await store.sessions.get(h.unit, sessionId);
    const at = row?.started_at ?? row?.ended_at;
    if (row && at !== null && at !== undefined && at >= h.from_at && (h.to_at === null || at < h.to_at))
      return row;
  }
  return undefined;
}

export async function samplesOf(store: ControllerStore, row: SessionRow): Promise<SessionSample[]> {
  const batches = await store.sessions.samples(row.unit, row.session_id);
  const samples: SessionSample[] = [];
  for (const b of batches) {
    for (const s of JSON.parse(b.samples_json) as unknown[]) {
      const parsed = sessionSampleSchema.safeParse(s);
      if (parsed.success) samples.push(parsed.data);
    }
  }
  return samples.sort((a, b) => a.t - b.t);
}

export async function reportOf(
  store: ControllerStore,
  row: SessionRow,
): Promise<Record<string, unknown> | null> {
  const report = await store.sessions.report(row.unit, row.session_id);
  return report ? (JSON.parse(report.payload_json) as Record<string, unknown>) : null;
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** Every stored sample of the patient's sessions that started in [from, to), one row per sample. */
export async function exportRows(
  store: ControllerStore,
  code: string,
  from: number | undefined,
  to: number | undefined,
): Promise<ExportRow[]> {
  const rows: ExportRow[] = [];
  const sessions = (await sessionsOfPatient(store, code, 10_000)).filter((s) => {
    const at = s.started_at ?? s.ended_at ?? 0;
    return (from === undefined || at >= from) && (to === undefined || at < to);
  });
  for (const session of sessions.reverse()) {
    const report = await reportOf(store, session);
    for (const s of await samplesOf(store, session)) {
      rows.push({
        patient: code,
        unit: session.unit,
        session_id: session.session_id,
        t: s.t,
        phase: s.phase,
        bpm: s.bpm,
        quality: s.quality,
        trend_bpm: s.trend_bpm,
        volume_db: s.volume_db,
        light: s.light,
        tempo_bpm: s.tempo_bpm,
        started_at: session.started_at,
        ended_at: session.ended_at,
        trigger: session.trigger,
        planned_s: session.planned_s ?? num(report?.planned_s),
        end_reason: session.end_reason,
        duration_s: session.duration_s,
        baseline_bpm: num(report?.baseline_bpm),
        min_bpm: num(report?.min_bpm),
        calm_point_s: num(report?.calm_point_s),
        fade_start_s: num(report?.fade_start_s),
        valid_pulse_fraction: num(report?.valid_pulse_fraction),
      });
    }
  }
  return rows;
}

/** RFC 4180 CSV with a header row, columns in docs/export.md order; fields that could be read as formulas are not produced (all typed). */
export function toCsv(rows: readonly ExportRow[]): string {
  const columns = EXPORT_COLUMNS;
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n')}\r\n`;
}

/** The CSV's columns, in order; each is documented in docs/export.md. */
export const EXPORT_COLUMNS: readonly (keyof ExportRow)[] = [
  'patient',
  'unit',
  'session_id',
  't',
  'phase',
  'bpm',
  'quality',
  'trend_bpm',
  'volume_db',
  'light',
  'tempo_bpm',
  'started_at',
  'ended_at',
  'trigger',
  'planned_s',
  'end_reason',
  'duration_s',
  'baseline_bpm',
  'min_bpm',
  'calm_point_s',
  'fade_start_s',
  'valid_pulse_fraction',
];
