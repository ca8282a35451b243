import { AlertKind, type AlertSettings, type AlertSeverity } from '../../shared/api-dashboard.js';
import type { ScheduleStatus } from '../../shared/api-schedule.js';
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
  /** Where the latest schedule version stands on the unit; null: nothing planned. */
  schedule_status: ScheduleStatus | null;
  /** The scheduled starts the unit itself recorded as not run (`session/event` missed, skipped). */
  occurrences: readonly OccurrenceFact[];
}

/** A scheduled start the unit decided not to run, and why. */
export interface OccurrenceFact {
  type: 'missed' | 'skipped';
  scheduled_at: number;
  reason: string;
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
/** An online unit that has not applied the latest schedule version this long after it was issued. */
export const SCHEDULE_APPLY_MS = 10 * MIN;
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
  const found = [
    ...unitOffline(f),
    ...sessionMissed(f),
    ...noData(f),
    ...portFaults(f),
    ...scheduleNotApplied(f),
  ];
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

/** Why the unit did not run a start, in a caregiver's words (session-event.ts `missed` reasons). */
const MISSED_WORDS: Record<string, string> = {
  unit_off: 'the unit was off',
  clock_unsynced: "the unit's clock was not synchronised",
  late: 'the unit found it past its grace window',
  start_failed: 'the session failed to start',
};

/**
 * Scheduled starts over the last day that did not run: those the unit recorded as missed (with its
 * reason), and, for starts it said nothing about, those with no session while the unit was heard.
 * A start the unit skipped for a session in progress is no miss.
 */
export function sessionMissed(f: PatientFacts): Finding[] {
  if (!f.unit) return [];
  const unit = f.unit.id;
  const late = f.settings.missed_after_min * MIN;
  const from = Math.max(f.now - 24 * HOUR, f.unit.assigned_at);
  const out = new Map<string, Finding>();
  const finding = (at: number, message: string, detail: Record<string, unknown>) => {
    const night = nightOf(at, f.timezone);
    const key = `${AlertKind.SessionMissed}:${night}`;
    if (out.has(key)) return;
    out.set(key, {
      kind: AlertKind.SessionMissed,
      key,
      severity: 'warning',
      message: message.replace('{night}', night),
      detail: { unit, night, scheduled_at: at, ...detail },
      ongoing: false,
    });
  };
  for (const o of f.occurrences) {
    if (o.type !== 'missed' || o.scheduled_at < from || o.scheduled_at > f.now) continue;
    finding(
      o.scheduled_at,
      `The ${localTime(o.scheduled_at, f.timezone)} session on the night of {night} did not run: ${MISSED_WORDS[o.reason] ?? o.reason}`,
      { reason: o.reason, recorded_by_unit: true },
    );
  }
  if (!f.schedule) return [...out.values()];
  for (const w of scheduledWindows(f.schedule, from, f.now - late + 1)) {
    // The unit's own decision on this start (missed: above; skipped: a session was running).
    if (f.occurrences.some((o) => Math.abs(o.scheduled_at - w.start) < MIN)) continue;
    const started = f.session_starts.some((s) => s >= w.start - EARLY_START_MS && s <= w.start + late);
    if (started) continue;
    // Without a word from the unit around the start we cannot tell missed from unreachable: no_data.
    if (!heardBetween(f.heard_hours, w.start - HOUR, w.start + late)) continue;
    finding(
      w.start,
      `No session started for the ${localTime(w.start, f.timezone)} schedule on the night of {night}`,
      {},
    );
  }
  return [...out.values()];
}

/** An online unit that has not applied the latest schedule version within 10 minutes of its issue. */
export function scheduleNotApplied(f: PatientFacts): Finding[] {
  const s = f.schedule_status;
  if (!f.unit || !f.live?.online || !s || s.issued_at === null) return [];
  if (s.state !== 'pending' && s.state !== 'rejected') return [];
  if (f.now - s.issued_at < SCHEDULE_APPLY_MS) return [];
  const minutes = Math.floor((f.now - s.issued_at) / MIN);
  return [
    {
      kind: AlertKind.ScheduleNotApplied,
      key: AlertKind.ScheduleNotApplied,
      severity: 'warning',
      message:
        s.state === 'rejected'
          ? `Unit ${f.unit.id} refused schedule version ${s.version}: ${s.reasons.join('; ')}`
          : `Unit ${f.unit.id} has not applied schedule version ${s.version} after ${minutes} min`,
      detail: {
        unit: f.unit.id,
        version: s.version,
        issued_at: s.issued_at,
        state: s.state,
        reasons: s.reasons,
      },
      ongoing: true,
    },
  ];
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
