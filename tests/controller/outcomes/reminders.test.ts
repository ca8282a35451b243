import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dueReminders, type RemindersInput } from '../../../controller/outcomes/reminders.js';
import { VirtualClock } from '../../../shared/clock.js';
import { reminderSchema } from '../../../shared/schemas/outcomes/index.js';

const ZONE = 'America/New_York';
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();

const NEVER: RemindersInput = {
  timezone: ZONE,
  programme_start: '2026-03-02',
  last_taken: { psqi: null, isi: null, gad7: null, phq9: null },
  last_diary_night: null,
};

/** [what, now in the patient zone, input changes, psqi, isi, gad7, phq9, diary, as "status due_on +late"] */
const CASES: [string, string, Partial<RemindersInput>, string[]][] = [
  [
    'before the programme',
    '2026-03-01T20:00',
    {},
    [
      'not_due 2026-03-02',
      'not_due 2026-03-02',
      'not_due 2026-03-02',
      'not_due 2026-03-02',
      'not_due 2026-03-03',
    ],
  ],
  [
    'baselines on the first day',
    '2026-03-02T09:00',
    {},
    ['due 2026-03-02', 'due 2026-03-02', 'due 2026-03-02', 'due 2026-03-02', 'not_due 2026-03-03'],
  ],
  [
    'nothing entered by day 3',
    '2026-03-04T09:00',
    {},
    [
      'overdue 2026-03-02 +2',
      'overdue 2026-03-02 +2',
      'overdue 2026-03-02 +2',
      'overdue 2026-03-02 +2',
      'overdue 2026-03-03 +1',
    ],
  ],
  [
    'PSQI four weeks on, the others two',
    '2026-03-16T09:00',
    {
      last_taken: {
        psqi: at('2026-03-02T19:00'),
        isi: at('2026-03-02T19:00'),
        gad7: at('2026-03-03T19:00'),
        phq9: at('2026-03-01T19:00'),
      },
      last_diary_night: '2026-03-15',
    },
    [
      'not_due 2026-03-30',
      'due 2026-03-16',
      'not_due 2026-03-17',
      'overdue 2026-03-15 +1',
      'not_due 2026-03-17',
    ],
  ],
  [
    'PSQI due on day 28, overdue on day 29',
    '2026-03-31T09:00',
    {
      last_taken: {
        psqi: at('2026-03-02T19:00'),
        isi: at('2026-03-30T19:00'),
        gad7: at('2026-03-30T19:00'),
        phq9: at('2026-03-30T19:00'),
      },
      last_diary_night: '2026-03-29',
    },
    [
      'overdue 2026-03-30 +1',
      'not_due 2026-04-13',
      'not_due 2026-04-13',
      'not_due 2026-04-13',
      'due 2026-03-31',
    ],
  ],
  [
    'diary: last night entered, then missing',
    '2026-03-13T07:00',
    { last_diary_night: '2026-03-10' },
    [
      'overdue 2026-03-02 +11',
      'overdue 2026-03-02 +11',
      'overdue 2026-03-02 +11',
      'overdue 2026-03-02 +11',
      'overdue 2026-03-12 +1',
    ],
  ],
  [
    // taken 22:00 in New York (already 3 March in UTC); 16 March 22:00 there is 17 March in UTC
    'days are the patient zone, not UTC',
    '2026-03-16T22:00',
    {
      last_taken: {
        psqi: at('2026-03-02T22:00'),
        isi: at('2026-03-02T22:00'),
        gad7: at('2026-03-02T22:00'),
        phq9: at('2026-03-02T22:00'),
      },
      last_diary_night: '2026-03-15',
    },
    ['not_due 2026-03-30', 'due 2026-03-16', 'due 2026-03-16', 'due 2026-03-16', 'not_due 2026-03-17'],
  ],
];

describe('due reminders (PSQI every 4 weeks, ISI, GAD-7, PHQ-9 every 2, diary nightly)', () => {
  it.each(CASES)('%s', (_what, now, changes, expected) => {
    const reminders = dueReminders({ ...NEVER, ...changes }, new VirtualClock(at(now)));
    expect(reminders.map((r) => r.measure)).toEqual(['psqi', 'isi', 'gad7', 'phq9', 'diary']);
    expect(
      reminders.map((r) => `${r.status} ${r.due_on}${r.days_overdue > 0 ? ` +${r.days_overdue}` : ''}`),
    ).toEqual(expected);
    for (const r of reminders) {
      expect(reminderSchema.parse(r)).toEqual(r);
      expect(r.days_overdue > 0).toBe(r.status === 'overdue');
    }
  });

  it('reports the interval and the day of the last entry in the patient zone', () => {
    const reminders = dueReminders(
      {
        ...NEVER,
        last_taken: { ...NEVER.last_taken, isi: at('2026-03-02T22:00') },
        last_diary_night: '2026-03-05',
      },
      new VirtualClock(at('2026-03-06T08:00')),
    );
    expect(reminders.map((r) => [r.measure, r.every_days, r.last])).toEqual([
      ['psqi', 28, null],
      ['isi', 14, '2026-03-02'],
      ['gad7', 14, null],
      ['phq9', 14, null],
      ['diary', 1, '2026-03-05'],
    ]);
  });
});
