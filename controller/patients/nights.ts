import type { Night, NightStatus } from '../../shared/api-dashboard.js';
import type { ScheduledWindow } from '../alerts/schedule-windows.js';
import { nightOf } from '../outcomes/local-time.js';
import { mainSession, ranItsCourse, sessionCompletion } from './completion.js';

/** One session as the calendar needs it: the row's times and the report's metrics. */
export interface NightSession {
  session_id: string;
  started_at: number | null;
  ended_at: number | null;
  end_reason: string | null;
  duration_s: number | null;
  planned_s: number | null;
  baseline_bpm: number | null;
  min_bpm: number | null;
  calm_point_s: number | null;
  valid_pulse_fraction: number | null;
}

export interface NightsInput {
  timezone: string;
  /** Nights "YYYY-MM-DD", inclusive, oldest first. */
  from: string;
  to: string;
  sessions: readonly NightSession[];
  /** Scheduled starts over the period (the schedule in force now; earlier ones are not kept). */
  windows: readonly ScheduledWindow[];
  /** Hours (start, ms) the patient's unit was heard in. */
  heard_hours: readonly number[];
  /** Nights before this one had no unit assigned: nothing can be said of them. */
  first_night: string | null;
}

const STOPPED = new Set(['button', 'command']);

/** One entry per night from `from` to `to`, none left out. Pure. */
export function buildNights(i: NightsInput): Night[] {
  const byNight = new Map<string, NightSession[]>();
  for (const s of i.sessions) {
    const at = s.started_at ?? s.ended_at;
    if (at === null) continue;
    const night = nightOf(at, i.timezone);
    byNight.set(night, [...(byNight.get(night) ?? []), s]);
  }
  const scheduled = new Map<string, number>();
  for (const w of i.windows) {
    const night = nightOf(w.start, i.timezone);
    if (!scheduled.has(night)) scheduled.set(night, w.start);
  }
  const heard = new Set(i.heard_hours.map((h) => nightOf(h, i.timezone)));
  const out: Night[] = [];
  for (let night = i.from; night <= i.to; night = nextNight(night)) {
    const sessions = (byNight.get(night) ?? []).sort((a, b) => (a.started_at ?? 0) - (b.started_at ?? 0));
    const main = mainSession(sessions);
    const scheduledAt = scheduled.get(night) ?? null;
    const assigned = i.first_night !== null && night >= i.first_night;
    const status: NightStatus = main
      ? sessionStatus(main)
      : !assigned
        ? 'none'
        : !heard.has(night)
          ? 'no_data'
          : scheduledAt !== null
            ? 'missed'
            : 'none';
    out.push({
      night,
      status,
      scheduled_at: scheduledAt,
      session_id: main?.session_id ?? null,
      session_ids: sessions.map((s) => s.session_id),
      started_at: main?.started_at ?? null,
      end_reason: (main?.end_reason ?? null) as Night['end_reason'],
      duration_s: main?.duration_s ?? null,
      planned_s: main?.planned_s ?? null,
      completion: main ? sessionCompletion(main) : null,
      baseline_bpm: main?.baseline_bpm ?? null,
      min_bpm: main?.min_bpm ?? null,
      calm_point_s: main?.calm_point_s ?? null,
      valid_pulse_fraction: main?.valid_pulse_fraction ?? null,
    });
  }
  return out;
}

function sessionStatus(s: NightSession): NightStatus {
  if (s.end_reason === null) return s.ended_at === null ? 'in_progress' : 'stopped_early';
  if (ranItsCourse(s)) return 'completed';
  if (STOPPED.has(s.end_reason)) return 'stopped_early';
  return 'fault';
}

export function nextNight(night: string, days = 1): string {
  const d = new Date(`${night}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The median of the values that are numbers; null without any. */
export function median(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2;
}
