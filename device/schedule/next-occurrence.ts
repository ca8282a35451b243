import { DateTime } from 'luxon';
import type { Schedule, ScheduleEntry, Weekday } from '../../shared/schemas/schedule.js';

const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface Occurrence {
  /** ms since the epoch, UTC. */
  at: number;
  entry: ScheduleEntry;
}

/**
 * The first enabled entry start strictly after `afterMs`, with local times read in the schedule's
 * time zone (so 22:00 stays 22:00 across daylight-saving changes; a time that does not exist on
 * the night the clocks go forward starts at the first minute that does).
 */
export function nextOccurrence(
  schedule: Pick<Schedule, 'timezone' | 'entries'>,
  afterMs: number,
): Occurrence | undefined {
  const today = DateTime.fromMillis(afterMs, { zone: schedule.timezone }).startOf('day');
  let best: Occurrence | undefined;
  for (const entry of schedule.entries) {
    if (!entry.enabled) continue;
    const [hour, minute] = entry.time.split(':').map(Number) as [number, number];
    for (let d = 0; d <= 7; d++) {
      const day = today.plus({ days: d });
      if (!entry.days.includes(WEEKDAYS[day.weekday - 1] as Weekday)) continue;
      const at = DateTime.fromObject(
        { year: day.year, month: day.month, day: day.day, hour, minute },
        { zone: schedule.timezone },
      ).toMillis();
      if (at <= afterMs) continue;
      if (!best || at < best.at) best = { at, entry };
      break;
    }
  }
  return best;
}
