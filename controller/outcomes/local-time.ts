import { DateTime } from 'luxon';

/**
 * Calendar arithmetic in the patient's IANA time zone (luxon). Days are "YYYY-MM-DD" strings,
 * which sort and compare as text.
 */

/** The wall-clock time HH:MM on `day` in `zone` (a time skipped by DST moves forward, as luxon does). */
export function atLocal(day: string, hhmm: string, zone: string): DateTime {
  const d = DateTime.fromISO(day, { zone });
  return d.set({
    hour: Number(hhmm.slice(0, 2)),
    minute: Number(hhmm.slice(3, 5)),
    second: 0,
    millisecond: 0,
  });
}

/** The first instant at or after `after` that the wall clock shows HH:MM. */
export function nextAtOrAfter(after: DateTime, hhmm: string, zone: string): DateTime {
  const sameDay = atLocal(after.toISODate() as string, hhmm, zone);
  return sameDay >= after ? sameDay : atLocal(addDays(after.toISODate() as string, 1), hhmm, zone);
}

export function addDays(day: string, days: number): string {
  return DateTime.fromISO(day, { zone: 'utc' }).plus({ days }).toISODate() as string;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round(
    DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days,
  );
}

/** The calendar day in `zone` at `ms` (ms since the epoch, UTC). */
export function localDay(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISODate() as string;
}

/**
 * The night an instant belongs to: the evening's date, so a session started at 00:30 counts for
 * the night before (the day changes at noon).
 */
export function nightOf(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).minus({ hours: 12 }).toISODate() as string;
}

/** ISO 8601 week of a calendar day, "2026-W09" (weeks start on Monday; week-year, not year). */
export function isoWeek(day: string): string {
  const d = DateTime.fromISO(day, { zone: 'utc' });
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}
