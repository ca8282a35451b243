import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { upcomingSessions } from '../../../controller/control/upcoming.js';
import { type Schedule, scheduleSchema } from '../../../shared/schemas/schedule.js';

const DAILY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const schedule = (zone: string, over: Record<string, unknown>): Schedule =>
  scheduleSchema.parse({ version: 3, issued_at: 0, timezone: zone, ...over });
const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();

describe('the coming sessions', () => {
  it.each([
    // Berlin's spring change (29 March 2026): 02:30 does not exist, it starts at 03:00.
    ['Europe/Berlin', '02:30', '2026-03-28T12:00', ['03:00', '02:30', '02:30']],
    // Its autumn change (25 October 2026): 02:30 comes twice, it runs once.
    ['Europe/Berlin', '02:30', '2026-10-24T12:00', ['02:30', '02:30', '02:30']],
    // Lord Howe's half-hour change (4 October 2026): 02:15 → 02:30.
    ['Australia/Lord_Howe', '02:15', '2026-10-03T12:00', ['02:30', '02:15', '02:15']],
  ])('%s at %s from %s: local times %j, one a night', (zone, time, from, local) => {
    const s = schedule(zone, { entries: [{ days: DAILY, time, duration_min: 30 }] });
    const up = upcomingSessions(s, 'UTC', at(from, zone), 3);
    expect(up.timezone).toBe(zone);
    expect(up.sessions.map((x) => x.local_time)).toEqual(local);
    expect(new Set(up.sessions.map((x) => x.local_date)).size).toBe(3);
  });

  it('leaves out pauses and nights past ends_on, and looks no further than eight weeks', () => {
    const zone = 'America/New_York';
    const s = schedule(zone, {
      starts_on: '2026-06-01',
      ends_on: '2026-06-30',
      pauses: [{ from: '2026-06-03', to: '2026-06-28' }],
      entries: [{ days: DAILY, time: '21:00', duration_min: 45 }],
    });
    const up = upcomingSessions(s, 'UTC', at('2026-05-20T12:00', zone), 10);
    expect(up.sessions.map((x) => x.local_date)).toEqual([
      '2026-06-01',
      '2026-06-02',
      '2026-06-29',
      '2026-06-30',
    ]);
    expect(up.version).toBe(3);
    const yearly = schedule(zone, {
      starts_on: '2026-01-10',
      entries: [{ rrule: 'FREQ=YEARLY', time: '21:00', duration_min: 45 }],
    });
    expect(upcomingSessions(yearly, 'UTC', at('2026-02-01T12:00', zone), 10).sessions).toEqual([]);
  });

  it('without a schedule: none, in the patient’s zone', () => {
    expect(upcomingSessions(null, 'Asia/Kolkata', 0, 10)).toMatchObject({
      timezone: 'Asia/Kolkata',
      version: null,
      sessions: [],
    });
  });
});
