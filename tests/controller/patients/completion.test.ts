import { describe, expect, it } from 'vitest';
import { unitNights } from '../../../controller/outcomes/patient-outcomes.js';
import { nightCompletion, sessionCompletion } from '../../../controller/patients/completion.js';
import { buildNights } from '../../../controller/patients/nights.js';

/** 21:00 UTC on the evening of the given December day. */
const evening = (day: number, hour = 21) => Date.UTC(2025, 11, day, hour, 0);
const sessionAt = (at: number, end_reason: string | null, duration_s: number | null, planned_s = 2700) => ({
  session_id: `s-${at}`,
  started_at: at,
  ended_at: at + (duration_s ?? 0) * 1000,
  end_reason,
  duration_s,
  planned_s,
  baseline_bpm: 70,
  min_bpm: 60,
  calm_point_s: null,
  valid_pulse_fraction: 1,
});

describe('completion, one definition', () => {
  it.each([
    ['timer', 2700, 1],
    ['calm', 900, 1],
    ['button', 900, 900 / 2700],
    ['command', 0, 0],
    ['fault', 3000, 1],
    ['button', null, null],
  ] as const)('a session ended by %s after %s s completes %s', (end_reason, duration_s, expected) => {
    expect(sessionCompletion({ end_reason, duration_s, planned_s: 2700 })).toBe(expected);
  });

  it('a session without a planned length has no completion unless it ran its course', () => {
    expect(sessionCompletion({ end_reason: 'button', duration_s: 600, planned_s: null })).toBeNull();
    expect(sessionCompletion({ end_reason: 'timer', duration_s: 600, planned_s: null })).toBe(1);
  });

  it("a night's completion is its longest session's", () => {
    // The button stopped the long session at 1800 of 2700 s; a short one later ran to its timer.
    const night = [sessionAt(evening(1), 'button', 1800), sessionAt(evening(1, 23), 'timer', 600, 600)];
    expect(nightCompletion(night)).toBeCloseTo(1800 / 2700, 12);
    expect(nightCompletion([])).toBeNull();
  });

  it('the nights API and the outcome trends give the same completion for the same nights', () => {
    const sessions = [
      sessionAt(evening(1), 'button', 1800),
      sessionAt(evening(1, 23), 'timer', 600, 600),
      sessionAt(evening(2), 'calm', 1200),
      sessionAt(evening(3), 'fault', 300),
    ];
    const calendar = buildNights({
      timezone: 'UTC',
      from: '2025-12-01',
      to: '2025-12-03',
      sessions,
      windows: [],
      heard_hours: [],
      first_night: '2025-12-01',
    });
    const trends = unitNights(sessions, 'UTC');
    expect(trends.map((n) => [n.night, n.completion])).toEqual(calendar.map((n) => [n.night, n.completion]));
    expect(trends.map((n) => n.completion)).toEqual([1800 / 2700, 1, 300 / 2700]);
    expect(trends.map((n) => n.completed)).toEqual([1, 1, 0]);
  });
});
