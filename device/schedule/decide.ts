import type { Occurrence } from '../../shared/schedule-expansion.js';
import type { SessionEvent } from '../../shared/schemas/session-event.js';

/** What became of one scheduled start: exactly one of these, once. */
export type Decision =
  | { kind: 'run'; late_ms: number }
  | { kind: 'skipped'; reason: Extract<SessionEvent, { type: 'skipped' }>['reason'] }
  | { kind: 'missed'; reason: Extract<SessionEvent, { type: 'missed' }>['reason']; late_ms: number };

export interface DecisionContext {
  /** The one reading of the clock the decision rests on. */
  now: number;
  /** When the occurrence is due: its start, or the end of its snooze. */
  dueAt: number;
  /** A session is in progress (a manual one is never interrupted). */
  inSession: boolean;
  /** Wall time the runner started at: an occurrence due before it passed while the unit was off. */
  runningSince: number;
  /** The clock was not synchronised at some point since the runner started. */
  wasUnsynced: boolean;
}

/**
 * The decision for an occurrence that has fallen due (`dueAt <= now`), made with a synchronised
 * clock: run (late within its grace window), skipped because a session is in progress, or missed.
 */
export function decide(o: Occurrence, c: DecisionContext): Decision {
  const late_ms = Math.max(0, c.now - c.dueAt);
  if (late_ms > o.entry.grace_min * 60_000) {
    const reason = c.dueAt < c.runningSince ? 'unit_off' : c.wasUnsynced ? 'clock_unsynced' : 'late';
    return { kind: 'missed', reason, late_ms };
  }
  if (c.inSession) return { kind: 'skipped', reason: 'session_in_progress' };
  return { kind: 'run', late_ms };
}
