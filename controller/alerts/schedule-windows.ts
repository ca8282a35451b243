import { type ExpandableSchedule, occurrencesBetween } from '../../shared/schedule-expansion.js';

/** A planned session: its start and end, ms UTC. */
export interface ScheduledWindow {
  start: number;
  end: number;
}

/**
 * Every enabled start in [from, to) with its planned end, oldest first: the schedule expansion the
 * unit uses (shared/schedule-expansion.ts: weekdays or RRULE, pauses, daylight-saving changes).
 */
export function scheduledWindows(schedule: ExpandableSchedule, from: number, to: number): ScheduledWindow[] {
  return occurrencesBetween(schedule, from - 1, to - 1).map((o) => ({
    start: o.at,
    end: o.at + o.entry.duration_min * 60_000,
  }));
}
