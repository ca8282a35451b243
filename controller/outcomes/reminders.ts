import type { Clock } from '../../shared/clock.js';
import type { RemindedMeasure, Reminder } from '../../shared/schemas/outcomes/index.js';
import { addDays, daysBetween, localDay } from './local-time.js';

/** How often each measure is taken (CLINICAL.md "Outcome measures"); the diary every night. */
export const EVERY_DAYS: Readonly<Record<RemindedMeasure, number>> = {
  psqi: 28,
  isi: 14,
  gad7: 14,
  phq9: 14,
  diary: 1,
};

export interface RemindersInput {
  timezone: string;
  /** First day of the programme: a measure never taken is due then (the baseline). */
  programme_start: string;
  /** When each questionnaire was last taken (ms since the epoch, UTC), or null if never. */
  last_taken: { psqi: number | null; isi: number | null; gad7: number | null; phq9: number | null };
  /** The last night with a diary entry (YYYY-MM-DD), or null if none. */
  last_diary_night: string | null;
}

/** Which measures are due or overdue today, in the patient's time zone, from the Clock. */
export function dueReminders(input: RemindersInput, clock: Pick<Clock, 'now'>): Reminder[] {
  const today = localDay(clock.now(), input.timezone);
  const questionnaires = (['psqi', 'isi', 'gad7', 'phq9'] as const).map((measure) => {
    const at = input.last_taken[measure];
    const last = at === null ? null : localDay(at, input.timezone);
    const dueOn = last === null ? input.programme_start : addDays(last, EVERY_DAYS[measure]);
    return reminder(measure, last, dueOn, today);
  });
  const last = input.last_diary_night;
  const nextNight = last === null ? input.programme_start : addDays(last, 1);
  return [...questionnaires, reminder('diary', last, addDays(nextNight, 1), today)];
}

function reminder(measure: RemindedMeasure, last: string | null, dueOn: string, today: string): Reminder {
  const late = daysBetween(dueOn, today);
  return {
    measure,
    every_days: EVERY_DAYS[measure],
    last,
    due_on: dueOn,
    status: late < 0 ? 'not_due' : late === 0 ? 'due' : 'overdue',
    days_overdue: Math.max(0, late),
  };
}
