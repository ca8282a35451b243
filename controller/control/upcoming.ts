import { DateTime } from 'luxon';
import { UPCOMING_HORIZON_DAYS, type UpcomingView } from '../../shared/api-schedule.js';
import { occurrencesBetween } from '../../shared/schedule-expansion.js';
import type { Schedule } from '../../shared/schemas/schedule.js';

const DAY_MS = 86_400_000;

/**
 * The next `count` starts after `now` within eight weeks, by the expansion the unit runs
 * (shared/schedule-expansion.ts: weekdays or RRULE, start and end dates, pauses, daylight saving).
 * Pure.
 */
export function upcomingSessions(
  schedule: Schedule | null,
  timezone: string,
  now: number,
  count: number,
): UpcomingView {
  const to = now + UPCOMING_HORIZON_DAYS * DAY_MS;
  const found = schedule ? occurrencesBetween(schedule, now, to).slice(0, count) : [];
  return {
    timezone: schedule?.timezone ?? timezone,
    from: now,
    to,
    version: schedule?.version ?? null,
    sessions: found.map((o) => ({
      at: o.at,
      local_date: o.local_date,
      local_time: DateTime.fromMillis(o.at, { zone: schedule?.timezone ?? timezone }).toFormat('HH:mm'),
      entry_index: o.entry_index,
      duration_min: o.entry.duration_min,
      protocol: o.entry.protocol,
    })),
  };
}
