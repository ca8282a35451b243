import { AlertKind, type AlertSettings, type AlertSeverity } from '../../shared/api-dashboard.js';
import type { ExpandableSchedule } from '../../shared/schedule-expansion.js';
import type { Fault } from '../../shared/schemas/common.js';
import { nightOf } from '../outcomes/local-time.js';
import { scheduledWindows } from './schedule-windows.js';

/** What the rules know about one patient at one instant; loaded by the evaluator, nothing else. */
export interface PatientFacts {
  patient: string;
  timezone: string;
  now: number;
  settings: AlertSettings;
  /** The unit assigned now and since when; null: none (no unit rule applies). */
  unit: { id: string; assigned_at: number } | null;
  /** The unit's stored presence and state; null before it ever reported. */
  live: {
    online: boolean;
    last_seen_at: number;
    status_changed_at: number | null;
    /** The session its last state was in (null: idle). */
    session_id: string | null;
    faults: readonly Fault[];
  } | null;
  schedule: ExpandableSchedule | null;
  /** Starts of the unit's sessions over the looked-at period (ms). */
  session_starts: readonly number[];
  /** Hours (start, ms) the unit was heard in over the looked-at period. */
  heard_hours: readonly number[];
}

/** A condition a rule found. `ongoing` conditions clear by themselves when no longer found. */
export interface Finding {
  kind: string;
  key: string;
  severity: AlertSeverity;
  message: string;
  detail: Record<string, unknown>;
  ongoing: boolean;
}

const MIN = 60_000;
const HOUR = 3_600_000;
/** A session that starts this long before its scheduled time still counts for it (a button press). */
const EARLY_START_MS = 60 * MIN;
/** How far back the rules look (the evaluator loads at least this much). */
export const LOOKBACK_MS = 32 * 24 * HOUR;

const PORT_WORDS: Record<string, string> = {
  pulse: 'pulse sensor',
  audio: 'audio output',
  light: 'light',
  remote: 'bedside remote',
  broker: 'broker connection',
  clock: 'clock',
  unit: 'unit',
};

/** Every rule over the facts; muted kinds are left out. Pure. */
export function evaluateRules(f: PatientFacts): Finding[] {
  if (!f.unit) return [];
  const found = [...unitOffline(f), ...sessionMissed(f), ...noData(f), ...portFaults(f)];
  return found.filter((x) => !f.settings.muted.includes(x.kind));
}

/** The unit is silent (offline, or nothing heard for a while) while a session is due or running. */
export function unitOffline(f: PatientFacts): Finding[] {
  if (!f.unit || !f.live) return [];
  const silentFor = f.now - f.live.last_seen_at;
  const offline = !f.live.online || silentFor >= f.settings.offline_after_min * MIN;
  if (!offline) return [];
  const since = f.live.online ? f.live.last_seen_at : (f.live.status_changed_at ?? f.live.last_seen_at);
  if (f.now - since < f.settings.offline_after_min * MIN) return [];
  const window = f.schedule
    ? scheduledWindows(f.schedule, f.now - 2 * 24 * HOUR, f.now + 1).find(
        (w) => w.start <= f.now && f.now < w.end,
      )
    : undefined;
  const inSession = f.live.session_id !== null;
  if (!window && !inSession) return [];
  return [
    {
      kind: AlertKind.UnitOffline,
      key: AlertKind.UnitOffline,
      severity: 'warning',
      message: inSession
        ? `Unit ${f.unit.id} went silent during a session`
        : `Unit ${f.unit.id} is offline during a scheduled session`,
      detail: {
        unit: f.unit.id,
        offline_since: since,
        scheduled_at: window?.start ?? null,
        session_id: f.live.session_id,
      },
      ongoing: true,
    },
  ];
}

/** Scheduled starts (over the last day) with no session, while the unit could be heard. */
export function sessionMissed(f: PatientFacts): Finding[] {
  if (!f.unit || !f.schedule) return [];
  const late = f.settings.missed_after_min * MIN;
  const from = Math.max(f.now - 24 * HOUR, f.unit.assigned_at);
  const out: Finding[] = [];
  for (const w of scheduledWindows(f.schedule, from, f.now - late + 1)) {
    const started = f.session_starts.some((s) => s >= w.start - EARLY_START_MS && s <= w.start + late);
    if (started) continue;
    // Without a word from the unit around the start we cannot tell missed from unreachable: no_data.
    if (!heardBetween(f.heard_hours, w.start - HOUR, w.start + late)) continue;
    const night = nightOf(w.start, f.timezone);
    out.push({
      kind: AlertKind.SessionMissed,
      key: `${AlertKind.SessionMissed}:${night}`,
      severity: 'warning',
      message: `No session started for the ${localTime(w.start, f.timezone)} schedule on the night of ${night}`,
      detail: { unit: f.unit.id, night, scheduled_at: w.start },
      ongoing: false,
    });
  }
  return out;
}

/** The last N finished nights (since the unit was assigned) without any message from the unit. */
export function noData(f: PatientFacts): Finding[] {
  if (!f.unit) return [];
  const n = f.settings.no_data_nights;
  const heardNights = new Set(f.heard_hours.map((h) => nightOf(h, f.timezone)));
  const tonight = nightOf(f.now, f.timezone);
  const firstNight = nightOf(f.unit.assigned_at, f.timezone);
  let silent = 0;
  let night = shiftNight(tonight, -1);
  while (night >= firstNight && !heardNights.has(night) && silent < 60) {
    silent++;
    night = shiftNight(night, -1);
  }
  if (silent < n) return [];
  return [
    {
      kind: AlertKind.NoData,
      key: AlertKind.NoData,
      severity: 'warning',
      message: `No data from unit ${f.unit.id} for ${silent} nights running`,
      detail: { unit: f.unit.id, nights: silent, last_night: shiftNight(tonight, -1) },
      ongoing: true,
    },
  ];
}

/** A fault standing on the unit's state for at least `fault_after_s` (only while it is online). */
export function portFaults(f: PatientFacts): Finding[] {
  if (!f.unit || !f.live?.online) return [];
  return f.live.faults
    .filter((x) => f.now - x.since >= f.settings.fault_after_s * 1000)
    .map((x) => ({
      kind: AlertKind.PortFault,
      key: `${AlertKind.PortFault}:${x.port}:${x.code}`,
      severity: (['pulse', 'audio', 'light'].includes(x.port) ? 'warning' : 'info') as AlertSeverity,
      message: `${capitalise(PORT_WORDS[x.port] ?? x.port)}: ${x.code} — ${x.message}`,
      detail: { unit: f.unit?.id, port: x.port, code: x.code, since: x.since, fault_message: x.message },
      ongoing: true,
    }));
}

function heardBetween(hours: readonly number[], from: number, to: number): boolean {
  return hours.some((h) => h + HOUR > from && h < to);
}

function shiftNight(night: string, days: number): string {
  const d = new Date(`${night}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function localTime(ms: number, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(ms);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
