import { describe, expect, it } from 'vitest';
import { isoWeek } from '../../../../../controller/outcomes/local-time.js';
import {
  addDays,
  dayIn,
  noonIn,
  weekMiddle,
} from '../../../../../controller/web/src/components/outcomes/days.js';

/** The dashboard's calendar days (browser Intl), checked against the server's luxon where both answer. */
describe('calendar days in the dashboard', () => {
  it.each([
    ['2026-W01', '2026-01-01'],
    ['2026-W10', '2026-03-05'],
    ['2026-W53', '2026-12-31'],
    ['2027-W01', '2027-01-07'],
    ['2021-W01', '2021-01-07'],
    ['2020-W53', '2020-12-31'],
  ])('the middle of %s is Thursday %s', (week, thursday) => {
    expect(weekMiddle(week)).toBe(thursday);
    expect(new Date(`${thursday}T12:00:00Z`).getUTCDay()).toBe(4);
    expect(isoWeek(thursday)).toBe(week);
  });

  it('every week of six years comes back to itself', () => {
    for (let d = '2024-01-01'; d < '2030-01-01'; d = addDays(d, 7))
      expect(isoWeek(weekMiddle(isoWeek(d)))).toBe(isoWeek(d));
  });

  it.each([
    ['2026-03-28', 'Europe/Berlin', Date.UTC(2026, 2, 28, 11)],
    // The day after the change to summer time: UTC+2.
    ['2026-03-29', 'Europe/Berlin', Date.UTC(2026, 2, 29, 10)],
    ['2026-11-01', 'America/New_York', Date.UTC(2026, 10, 1, 17)],
    ['2026-07-01', 'Pacific/Auckland', Date.UTC(2026, 6, 1, 0)],
    ['2026-07-01', 'UTC', Date.UTC(2026, 6, 1, 12)],
  ])('noon of %s in %s', (day, zone, ms) => {
    expect(noonIn(day, zone)).toBe(ms);
    expect(dayIn(ms, zone)).toBe(day);
  });

  it('the day in a zone east of UTC turns before UTC does', () => {
    expect(dayIn(Date.UTC(2026, 0, 1, 23, 30), 'Europe/Berlin')).toBe('2026-01-02');
    expect(dayIn(Date.UTC(2026, 0, 1, 23, 30), 'UTC')).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
