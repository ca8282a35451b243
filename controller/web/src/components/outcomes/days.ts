/**
 * Calendar days "YYYY-MM-DD" in the patient's zone, with the browser's Intl (luxon, which the
 * server uses, stays out of the bundle).
 */

const DAY_MS = 86_400_000;

/** The calendar day in `zone` at `ms`. */
export function dayIn(ms: number, zone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(ms);
}

export const todayIn = (zone: string) => dayIn(Date.now(), zone);

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Noon of `day` on the wall clock of `zone`, in ms (noon is never skipped by a DST change). */
export function noonIn(day: string, zone: string): number {
  const guess = Date.parse(`${day}T12:00:00Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(guess)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:00Z`);
  return guess - (wall - guess);
}

/** A day on a chart's time axis: its noon UTC, in seconds (what uPlot's time scale takes). */
export const daySeconds = (day: string) => Date.parse(`${day}T12:00:00Z`) / 1000;

/** The Thursday of an ISO 8601 week "2026-W10" (the middle of its Monday-to-Sunday). */
export function weekMiddle(week: string): string {
  const [year, num] = week.split('-W').map(Number) as [number, number];
  // 4 January is always in week 1; step back to its Monday, then forward.
  const jan4 = Date.UTC(year, 0, 4);
  const monday1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(monday1 + ((num - 1) * 7 + 3) * DAY_MS).toISOString().slice(0, 10);
}
