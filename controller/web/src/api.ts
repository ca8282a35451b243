import type { z } from 'zod';
import type { CommandView, ScheduleView, SessionView } from '../../../shared/api.js';
import type {
  AlertView,
  CommandHistoryEntry,
  NightsView,
  NoteView,
  OverviewEntry,
  PatientSummary,
  UnitHealth,
} from '../../../shared/api-dashboard.js';
import type {
  CoTherapyEntry,
  DiaryEntry,
  DiaryView,
  ItemsView,
  PatientOverview,
  Programme,
  QuestionnaireBody,
  QuestionnaireEntry,
  Trends,
} from '../../../shared/api-outcomes.js';
import type {
  AuditEntry,
  ExportRow,
  Me,
  PatientSessionDetail,
  patientDetailSchema,
} from '../../../shared/api-people.js';
import type {
  ProtocolCreate,
  ProtocolImportResult,
  ProtocolList,
  ProtocolView,
} from '../../../shared/api-protocols.js';
import type { UpcomingView } from '../../../shared/api-schedule.js';
import type { CommandName } from '../../../shared/schemas/command.js';
import type { CoTherapy, DiaryNight, ResponseSummary } from '../../../shared/schemas/outcomes/index.js';
import type { Schedule, ScheduleBodyInput } from '../../../shared/schemas/schedule.js';
import type { SessionReportBody } from '../../../shared/schemas/session-report.js';

/**
 * The dashboard's one API client. Its types are the shared zod schemas' (`z.infer`), imported as
 * types only: the server validates every answer against the same schemas, and zod stays out of
 * the bundle.
 */

export type PatientDetail = z.infer<typeof patientDetailSchema>;
/** The report as stored; a unit of an older firmware may lack newer fields. */
export type SessionReport = Partial<SessionReportBody>;
export type NightDetail = Omit<PatientSessionDetail, 'report'> & { report: SessionReport | null };

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail || `HTTP ${status} ${code}`);
  }
}

let csrf = '';
/** Called when any answer says the session is gone, so the app can send the person to /login. */
let onUnauthenticated: () => void = () => undefined;
export function whenSignedOut(handler: () => void): void {
  onUnauthenticated = handler;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!res.ok) {
    const error = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    if (res.status === 401 && path !== '/api/login' && path !== '/api/me') onUnauthenticated();
    throw new HttpError(res.status, error.code ?? '', error.message ?? '');
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const enc = encodeURIComponent;
const query = (params: Record<string, string | number | undefined>) => {
  const entries = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined);
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}` : '';
};

export async function me(): Promise<Me> {
  const who = await call<Me>('GET', '/api/me');
  csrf = who.csrf_token;
  return who;
}

export async function login(username: string, password: string): Promise<Me> {
  const who = await call<Me>('POST', '/api/login', { username, password });
  csrf = who.csrf_token;
  return who;
}

export async function logout(): Promise<void> {
  await call<void>('POST', '/api/logout');
  csrf = '';
}

/** The caller's patients, each with its due reminders (docs/outcomes.md "Reminders"). */
export const patients = () => call<PatientOverview[]>('GET', '/api/patients');
export const patient = (code: string) => call<PatientDetail>('GET', `/api/patients/${enc(code)}`);
export const sessions = (code: string, limit?: number) =>
  call<SessionView[]>('GET', `/api/patients/${enc(code)}/sessions${query({ limit })}`);
export const night = (code: string, sessionId: string, points?: number) =>
  call<NightDetail>('GET', `/api/patients/${enc(code)}/sessions/${enc(sessionId)}${query({ points })}`);
export const schedule = (code: string) => call<ScheduleView>('GET', `/api/patients/${enc(code)}/schedule`);
export const sendCommand = (
  code: string,
  name: CommandName,
  args: Record<string, unknown> = {},
  ttl_s = 120,
) => call<CommandView>('POST', `/api/patients/${enc(code)}/commands/${enc(name)}`, { args, ttl_s });
export const audit = (limit = 200) => call<AuditEntry[]>('GET', `/api/audit${query({ limit })}`);
export const exportJson = (code: string, from?: number, to?: number) =>
  call<ExportRow[]>('GET', `/api/patients/${enc(code)}/export${query({ format: 'json', from, to })}`);
/** The CSV export is a plain link: the browser downloads it with the session cookie. */
export const exportCsvUrl = (code: string, from?: number, to?: number) =>
  `/api/patients/${enc(code)}/export${query({ format: 'csv', from, to })}`;

export const nights = (code: string, days = 28, to?: string) =>
  call<NightsView>('GET', `/api/patients/${enc(code)}/nights${query({ days, to })}`);
export const notes = (code: string) => call<NoteView[]>('GET', `/api/patients/${enc(code)}/notes`);
export const addNote = (code: string, text: string, session_id: string | null = null) =>
  call<NoteView>('POST', `/api/patients/${enc(code)}/notes`, { text, session_id });
export const commands = (code: string, limit = 20) =>
  call<CommandHistoryEntry[]>('GET', `/api/patients/${enc(code)}/commands${query({ limit })}`);
export const unitHealth = (code: string) => call<UnitHealth>('GET', `/api/patients/${enc(code)}/unit`);
export const summary = (code: string) => call<PatientSummary>('GET', `/api/patients/${enc(code)}/summary`);
export const alerts = () => call<AlertView[]>('GET', '/api/alerts');
export const alertAction = (code: string, id: number, action: 'ack' | 'clear') =>
  call<AlertView>('POST', `/api/patients/${enc(code)}/alerts/${id}/${action}`, {});
export const exportJsonUrl = (code: string, from?: number, to?: number) =>
  `/api/patients/${enc(code)}/export${query({ format: 'json', from, to })}`;
/** Per patient: last night, next session, active alerts (one request for the whole overview). */
export const overview = () => call<OverviewEntry[]>('GET', '/api/overview');

// Outcome measures (docs/outcomes.md "HTTP API").
export const outcomeItems = () => call<ItemsView>('GET', '/api/outcomes/items');
export const questionnaires = (code: string) =>
  call<QuestionnaireEntry[]>('GET', `/api/patients/${enc(code)}/questionnaires`);
export const addQuestionnaire = (code: string, body: QuestionnaireBody) =>
  call<QuestionnaireEntry>('POST', `/api/patients/${enc(code)}/questionnaires`, body);
export const diary = (code: string) => call<DiaryView>('GET', `/api/patients/${enc(code)}/diary`);
export const addDiaryNight = (code: string, night: DiaryNight) =>
  call<DiaryEntry>('POST', `/api/patients/${enc(code)}/diary`, night);
export const coTherapies = (code: string) =>
  call<CoTherapyEntry[]>('GET', `/api/patients/${enc(code)}/co-therapies`);
export const addCoTherapy = (code: string, body: CoTherapy) =>
  call<CoTherapyEntry>('POST', `/api/patients/${enc(code)}/co-therapies`, body);
export const endCoTherapy = (code: string, id: number, to: string | null) =>
  call<CoTherapyEntry>('PATCH', `/api/patients/${enc(code)}/co-therapies/${id}`, { to });
export const programme = (code: string) => call<Programme>('GET', `/api/patients/${enc(code)}/programme`);
export const setProgramme = (code: string, body: { start: string; end?: string | null }) =>
  call<Programme>('PUT', `/api/patients/${enc(code)}/programme`, body);
export const outcomeTrends = (code: string) => call<Trends>('GET', `/api/patients/${enc(code)}/trends`);
export const responseSummary = (code: string) =>
  call<ResponseSummary>('GET', `/api/patients/${enc(code)}/response-summary`);
/** The schedule as the editor sends it; the server answers with the stored version. */
export const putSchedule = (code: string, body: ScheduleBodyInput) =>
  call<Schedule>('PUT', `/api/patients/${enc(code)}/schedule`, body);
/** The next sessions (at most eight weeks ahead), computed by the server with the unit's expansion. */
export const upcoming = (code: string, count = 10) =>
  call<UpcomingView>('GET', `/api/patients/${enc(code)}/schedule/upcoming${query({ count })}`);

// The protocol library (docs/protocols.md).
export const protocols = () => call<ProtocolList>('GET', '/api/protocols');
/** A new version of `name` (or a new protocol): the server gives the version number. */
export const createProtocol = (body: ProtocolCreate) => call<ProtocolView>('POST', '/api/protocols', body);
export const importProtocolFile = (file: unknown) =>
  call<ProtocolImportResult>('POST', '/api/protocols/import', file);
/** The exported file is a plain link: the browser downloads it with the session cookie. */
export const protocolFileUrl = (name: string, version: number) =>
  `/api/protocols/${enc(name)}/${version}/file`;
