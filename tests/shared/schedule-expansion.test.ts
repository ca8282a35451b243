import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localInstant, nextOccurrenceAfter, occurrencesBetween } from '../../shared/schedule-expansion.js';
import { scheduleBodySchema } from '../../shared/schemas/schedule.js';

const DAILY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const YEAR_START = Date.UTC(2025, 11, 31, 0); // the whole of 2026 in every zone below
const YEAR_END = Date.UTC(2027, 0, 1, 14);

const local = (at: number, zone: string) => DateTime.fromMillis(at, { zone }).toFormat('yyyy-MM-dd HH:mm');

/**
 * Each zone through both of its 2026 transitions: a start inside the gap runs at the first valid
 * minute, one inside the repeated hour runs once (the first of the two instants).
 */
const zones = [
  {
    zone: 'Europe/Berlin',
    gap: { date: '2026-03-29', time: '02:30', runs: '2026-03-29 03:00' },
    repeated: { date: '2026-10-25', time: '02:30', utc: Date.UTC(2026, 9, 25, 0, 30) },
  },
  {
    zone: 'America/New_York',
    gap: { date: '2026-03-08', time: '02:30', runs: '2026-03-08 03:00' },
    repeated: { date: '2026-11-01', time: '01:30', utc: Date.UTC(2026, 10, 1, 5, 30) },
  },
  {
    zone: 'Australia/Lord_Howe', // a 30-minute shift: 02:00 → 02:30 in October, 02:00 → 01:30 in April
    gap: { date: '2026-10-04', time: '02:15', runs: '2026-10-04 02:30' },
    repeated: { date: '2026-04-05', time: '01:45', utc: Date.UTC(2026, 3, 4, 14, 45) },
  },
  { zone: 'Asia/Kolkata', gap: undefined, repeated: undefined }, // no daylight saving
];

describe('schedule expansion over a whole year', () => {
  for (const { zone, gap, repeated } of zones) {
    describe(zone, () => {
      const times = [...new Set(['22:00', '00:00', gap?.time ?? '02:30', repeated?.time ?? '01:30'])];
      for (const time of times) {
        it(`a daily ${time} start runs on each of the 365 nights of 2026, once`, () => {
          const s = scheduleBodySchema.parse({
            timezone: zone,
            entries: [{ days: DAILY, time, duration_min: 45 }],
            starts_on: '2026-01-01',
            ends_on: '2026-12-31',
          });
          const found = occurrencesBetween(s, YEAR_START, YEAR_END);
          expect(found).toHaveLength(365);
          expect(new Set(found.map((o) => o.local_date)).size).toBe(365);
          for (const o of found) {
            const wall = local(o.at, zone);
            if (gap && o.local_date === gap.date && time === gap.time) expect(wall).toBe(gap.runs);
            else expect(wall).toBe(`${o.local_date} ${time}`);
          }
          if (repeated && time === repeated.time) {
            const night = found.filter((o) => o.local_date === repeated.date);
            expect(night.map((o) => o.at)).toEqual([repeated.utc]);
          }
          // In time order, never two within 20 h (a DST change moves a start by an hour at most).
          for (let i = 1; i < found.length; i++)
            expect((found[i]?.at ?? 0) - (found[i - 1]?.at ?? 0)).toBeGreaterThan(20 * 3600_000);
        });
      }
    });
  }
});

describe('schedule expansion', () => {
  it('finds the first valid minute of a gap, in every zone with one', () => {
    expect(local(localInstant('2026-03-29', '02:00', 'Europe/Berlin'), 'Europe/Berlin')).toBe(
      '2026-03-29 03:00',
    );
    expect(local(localInstant('2026-03-29', '02:59', 'Europe/Berlin'), 'Europe/Berlin')).toBe(
      '2026-03-29 03:00',
    );
    expect(local(localInstant('2026-03-29', '03:00', 'Europe/Berlin'), 'Europe/Berlin')).toBe(
      '2026-03-29 03:00',
    );
    expect(local(localInstant('2026-10-04', '02:29', 'Australia/Lord_Howe'), 'Australia/Lord_Howe')).toBe(
      '2026-10-04 02:30',
    );
  });

  it('keeps weekdays, start and end dates and pauses (a hospital stay), in the local calendar', () => {
    const s = scheduleBodySchema.parse({
      timezone: 'America/New_York',
      entries: [{ days: ['mon', 'fri'], time: '21:30', duration_min: 30 }],
      starts_on: '2026-06-01',
      ends_on: '2026-06-30',
      pauses: [{ from: '2026-06-10', to: '2026-06-19' }],
    });
    const dates = occurrencesBetween(s, Date.UTC(2026, 4, 1), Date.UTC(2026, 7, 1)).map((o) => o.local_date);
    expect(dates).toEqual([
      '2026-06-01',
      '2026-06-05',
      '2026-06-08',
      '2026-06-22',
      '2026-06-26',
      '2026-06-29',
    ]);
  });

  it('expands an RRULE from starts_on in the local calendar (every other week, Monday and Thursday)', () => {
    const s = scheduleBodySchema.parse({
      timezone: 'Europe/Berlin',
      starts_on: '2026-03-23',
      entries: [{ rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH', time: '22:00', duration_min: 45 }],
    });
    const found = occurrencesBetween(s, Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 20));
    expect(found.map((o) => local(o.at, 'Europe/Berlin'))).toEqual([
      '2026-03-23 22:00',
      '2026-03-26 22:00',
      '2026-04-06 22:00', // 22:00 CEST now: the rule follows the wall clock
      '2026-04-09 22:00',
    ]);
    expect(nextOccurrenceAfter(s, found[3]?.at ?? 0)?.local_date).toBe('2026-04-20');
  });

  it('gives nothing after ends_on, and nothing for a disabled entry', () => {
    const s = scheduleBodySchema.parse({
      timezone: 'Asia/Kolkata',
      ends_on: '2026-01-10',
      entries: [
        { days: DAILY, time: '22:00', duration_min: 45 },
        { days: DAILY, time: '23:00', duration_min: 45, enabled: false },
      ],
    });
    expect(nextOccurrenceAfter(s, Date.UTC(2026, 0, 10, 17))).toBeUndefined();
    expect(nextOccurrenceAfter(s, Date.UTC(2026, 0, 10, 12))?.at).toBe(Date.UTC(2026, 0, 10, 16, 30));
  });
});
