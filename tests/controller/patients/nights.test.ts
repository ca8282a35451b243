import { describe, expect, it } from 'vitest';
import { buildNights, median, type NightSession } from '../../../controller/patients/nights.js';

const HOUR = 3_600_000;
/** 21:00 UTC = 22:00 in Berlin on the evening of the given December day. */
const evening = (day: number) => Date.UTC(2025, 11, day, 21, 0);
const session = (
  id: string,
  at: number,
  end_reason: string | null,
  duration_s: number | null,
): NightSession => ({
  session_id: id,
  started_at: at,
  ended_at: end_reason === null ? null : at + (duration_s ?? 0) * 1000,
  end_reason,
  duration_s,
  planned_s: 2700,
  baseline_bpm: 72,
  min_bpm: 58,
  calm_point_s: 900,
  valid_pulse_fraction: 0.9,
});
const heardEvenings = (...days: number[]) => days.flatMap((d) => [evening(d) - HOUR, evening(d)]);

describe('nights for the adherence calendar', () => {
  const nights = buildNights({
    timezone: 'Europe/Berlin',
    from: '2025-11-30',
    to: '2025-12-08',
    sessions: [
      session('a', evening(1), 'timer', 2700),
      session('b', evening(2), 'button', 600),
      // After midnight local: still the night of 3 December.
      session('c', Date.UTC(2025, 11, 3, 23, 30), 'calm', 1500),
      session('d', evening(4), 'fault', 300),
      session('e', evening(8), null, null),
    ],
    windows: [1, 2, 3, 4, 5, 6, 7, 8].map((d) => ({ start: evening(d), end: evening(d) + 45 * 60_000 })),
    heard_hours: heardEvenings(1, 2, 3, 4, 5, 7, 8),
    not_run: [],
    first_night: '2025-12-01',
  });
  it.each([
    ['2025-11-30', 'none', null],
    ['2025-12-01', 'completed', 1],
    ['2025-12-02', 'stopped_early', 600 / 2700],
    ['2025-12-03', 'completed', 1],
    ['2025-12-04', 'fault', 300 / 2700],
    ['2025-12-05', 'missed', null],
    ['2025-12-06', 'no_data', null],
    ['2025-12-07', 'missed', null],
    ['2025-12-08', 'in_progress', null],
  ])('%s is %s', (night, status, completion) => {
    const n = nights.find((x) => x.night === night);
    expect(n?.status).toBe(status);
    expect(n?.completion).toBe(completion);
  });

  it('one entry per night, none left out, with the main session and its metrics', () => {
    expect(nights).toHaveLength(9);
    expect(nights.find((n) => n.night === '2025-12-03')).toMatchObject({
      session_id: 'c',
      session_ids: ['c'],
      baseline_bpm: 72,
      min_bpm: 58,
      calm_point_s: 900,
      scheduled_at: evening(3),
    });
  });

  it('of two sessions in one night the longest is the main one', () => {
    const [n] = buildNights({
      timezone: 'UTC',
      from: '2025-12-01',
      to: '2025-12-01',
      sessions: [
        session('short', evening(1), 'button', 60),
        session('long', evening(1) + HOUR, 'timer', 2700),
      ],
      windows: [],
      heard_hours: [],
      not_run: [],
      first_night: '2025-12-01',
    });
    expect(n).toMatchObject({ status: 'completed', session_id: 'long', session_ids: ['short', 'long'] });
  });

  it("takes the unit's own word: a night it recorded missed is missed, even unheard, with its reason", () => {
    const missed = {
      scheduled_at: evening(2),
      type: 'missed' as const,
      reason: 'unit_off',
      late_s: 7200,
      entry: 0,
    };
    const skipped = {
      scheduled_at: evening(1) + HOUR,
      type: 'skipped' as const,
      reason: 'session_in_progress',
      late_s: null,
      entry: 1,
    };
    const [first, second, third] = buildNights({
      timezone: 'Europe/Berlin',
      from: '2025-12-01',
      to: '2025-12-03',
      sessions: [session('a', evening(1), 'timer', 2700)],
      windows: [],
      // Nothing heard on the 2nd or 3rd: without the unit's record both would be "no data".
      heard_hours: heardEvenings(1),
      not_run: [missed, skipped],
      first_night: '2025-12-01',
    });
    expect(first).toMatchObject({ status: 'completed', not_run: [skipped] });
    expect(second).toMatchObject({ status: 'missed', scheduled_at: evening(2), not_run: [missed] });
    expect(third).toMatchObject({ status: 'no_data', not_run: [] });
  });

  it('median of the numbers only', () => {
    expect(median([3, null, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([null])).toBeNull();
  });
});
