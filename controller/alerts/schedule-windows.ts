import { DateTime } from 'luxon';
import type { ScheduleEntry, Weekday } from '../../shared/schemas/schedule.js';

const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** A planned session: its start and end, ms UTC. */
export interface ScheduledWindow {
  start: number;
  end: number;
}

/**
 * Every enabled entry's start in [from, to), read in the schedule's time zone (22:00 stays 22:00
 * across daylight-saving changes), oldest first. Pure: the caller passes the instants.
 */
export function scheduledWindows(
  schedule: { timezone: string; entries: readonly ScheduleEntry[] },
  from: number,
  to: number,
): ScheduledWindow[] {
  const out: ScheduledWindow[] = [];
  const first = DateTime.fromMillis(from, { zone: schedule.timezone }).startOf('day').minus({ days: 1 });
  const days = Math.ceil((to - from) / 86_400_000) + 2;
  for (let d = 0; d <= days; d++) {
    const day = first.plus({ days: d });
    for (const entry of schedule.entries) {
      if (entry.enabled === false || !entry.days.includes(WEEKDAYS[day.weekday - 1] as Weekday)) continue;
      const [hour, minute] = entry.time.split(':').map(Number) as [number, number];
      const start = DateTime.fromObject(
        { year: day.year, month: day.month, day: day.day, hour, minute },
        { zone: schedule.timezone },
      ).toMillis();
      if (start >= from && start < to) out.push({ start, end: start + entry.duration_min * 60_000 });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
