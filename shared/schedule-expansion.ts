import { DateTime } from 'luxon';
import { ruleDates } from './rrule.js';
import type { Schedule, ScheduleEntry, Weekday } from './schemas/schedule.js';

const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MINUTE = 60_000;
const DAY = 24 * 3600_000;

/** What expansion needs of a schedule (defaults filled in, as the schema parses it). */
export type ExpandableSchedule = Pick<Schedule, 'timezone' | 'entries'> &
  Partial<Pick<Schedule, 'starts_on' | 'ends_on' | 'pauses'>>;

/** One start of one entry: where the unit must decide run, late, skipped or missed. */
export interface Occurrence {
  /** ms since the epoch, UTC. */
  at: number;
  /** The entry's index in the schedule. */
  entry_index: number;
  /** The night it belongs to, in the schedule's time zone. */
  local_date: string;
  entry: ScheduleEntry;
}

/**
 * The instant of a local date and time in `zone`. A time inside the gap of a change to summer
 * time starts at the first minute that exists (02:30 → 03:00 in Berlin, 02:15 → 02:30 on Lord
 * Howe); a time in the repeated hour of a change back is one instant (the first of the two), so
 * it runs once.
 */
export function localInstant(date: string, time: string, zone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  const wall = (t: number) => t + DateTime.fromMillis(t, { zone }).offset * MINUTE;
  if (dt.hour === hour && dt.minute === minute) {
    // In a repeated hour the same wall time comes twice (an hour or, on Lord Howe, 30 min apart).
    for (const back of [60, 30]) {
      const earlier = dt.toMillis() - back * MINUTE;
      if (wall(earlier) === wanted) return earlier;
    }
    return dt.toMillis();
  }
  // luxon moved the time forward by the gap's length; step back to where the local clock jumps.
  let at = dt.toMillis();
  for (;;) {
    if (wall(at - MINUTE) < wanted) return at;
    at -= MINUTE;
  }
}

function paused(s: ExpandableSchedule, date: string): boolean {
  if (s.starts_on !== undefined && date < s.starts_on) return true;
  if (s.ends_on !== undefined && date > s.ends_on) return true;
  return (s.pauses ?? []).some((p) => p.from <= date && date <= p.to);
}

function isoDate(d: DateTime): string {
  return d.toISODate() as string;
}

/** The local dates from `first` to `last` (both included) an entry starts on. */
function entryDates(s: ExpandableSchedule, entry: ScheduleEntry, first: DateTime, last: DateTime): string[] {
  if (entry.rrule !== undefined) {
    if (s.starts_on === undefined) return [];
    return ruleDates(entry.rrule, s.starts_on, isoDate(first), isoDate(last));
  }
  const dates: string[] = [];
  for (let d = first; d <= last; d = d.plus({ days: 1 })) {
    if (entry.days?.includes(WEEKDAYS[d.weekday - 1] as Weekday)) dates.push(isoDate(d));
  }
  return dates;
}

/**
 * Every enabled start with `fromMs < at <= toMs`, in time order (ties by entry), read in the
 * schedule's time zone; nights before `starts_on`, after `ends_on` or inside a pause have none.
 */
export function occurrencesBetween(s: ExpandableSchedule, fromMs: number, toMs: number): Occurrence[] {
  if (toMs <= fromMs) return [];
  // A day either side: a local start can lie up to 14 h away from the UTC date.
  const first = DateTime.fromMillis(fromMs, { zone: s.timezone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromMillis(toMs, { zone: s.timezone }).startOf('day').plus({ days: 1 });
  const found: Occurrence[] = [];
  s.entries.forEach((entry, entry_index) => {
    if (!entry.enabled) return;
    for (const local_date of entryDates(s, entry, first, last)) {
      if (paused(s, local_date)) continue;
      const at = localInstant(local_date, entry.time, s.timezone);
      if (at > fromMs && at <= toMs) found.push({ at, entry_index, local_date, entry });
    }
  });
  return found.sort((a, b) => a.at - b.at || a.entry_index - b.entry_index);
}

/** How far ahead the next start is looked for (a yearly RRULE has one a year). */
const HORIZON_MS = 2 * 366 * DAY;

/** The first start strictly after `afterMs`, or undefined when there is none within two years. */
export function nextOccurrenceAfter(s: ExpandableSchedule, afterMs: number): Occurrence | undefined {
  for (let from = afterMs, span = 8 * DAY; from < afterMs + HORIZON_MS; from += span, span *= 2) {
    const [next] = occurrencesBetween(s, from, from + span);
    if (next) return next;
  }
  return undefined;
}
