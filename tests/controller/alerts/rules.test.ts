import { describe, expect, it } from 'vitest';
import { evaluateRules, type PatientFacts } from '../../../controller/alerts/rules.js';
import { scheduledWindows } from '../../../controller/alerts/schedule-windows.js';
import { alertSettingsSchema } from '../../../shared/api-dashboard.js';
import type { ScheduleState, ScheduleStatus } from '../../../shared/api-schedule.js';
import { scheduleBodySchema } from '../../../shared/schemas/schedule.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Monday 1 December 2025, 22:00 in Europe/Berlin (21:00 UTC). */
const T22 = Date.UTC(2025, 11, 1, 21, 0);
const everyNight = scheduleBodySchema.parse({
  timezone: 'Europe/Berlin',
  entries: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], time: '22:00', duration_min: 45 }],
});
const hoursBetween = (from: number, to: number) => {
  const out: number[] = [];
  for (let h = Math.floor(from / HOUR) * HOUR; h < to; h += HOUR) out.push(h);
  return out;
};

function facts(over: Partial<PatientFacts> & { now: number }): PatientFacts {
  return {
    patient: 'p1',
    timezone: 'Europe/Berlin',
    settings: alertSettingsSchema.parse({}),
    unit: { id: 'bed-1', assigned_at: T22 - 30 * DAY },
    live: {
      online: true,
      last_seen_at: over.now,
      status_changed_at: T22 - 30 * DAY,
      session_id: null,
      faults: [],
    },
    schedule: everyNight,
    session_starts: [T22 - DAY, T22 + 2 * MIN],
    heard_hours: hoursBetween(T22 - 30 * DAY, over.now + 1),
    schedule_status: null,
    occurrences: [],
    ...over,
  };
}
const offlineSince = (at: number, _now: number) => ({
  online: false,
  last_seen_at: at,
  status_changed_at: at,
  session_id: null,
  faults: [],
});

describe('alert rules, each a function of the facts and the time', () => {
  const cases: { name: string; f: PatientFacts; keys: string[] }[] = [
    { name: 'all well during a session', f: facts({ now: T22 + 20 * MIN }), keys: [] },
    {
      name: 'offline inside the scheduled window, past the grace',
      f: facts({ now: T22 + 20 * MIN, live: offlineSince(T22 + 5 * MIN, 0), session_starts: [T22 - DAY] }),
      keys: ['unit_offline'],
    },
    {
      name: 'offline inside the window but within the 10-minute grace',
      f: facts({ now: T22 + 12 * MIN, live: offlineSince(T22 + 5 * MIN, 0), session_starts: [T22 - DAY] }),
      keys: [],
    },
    {
      name: 'offline in the afternoon, no session due: nothing',
      f: facts({ now: T22 - 6 * HOUR, live: offlineSince(T22 - 8 * HOUR, 0), session_starts: [T22 - DAY] }),
      keys: [],
    },
    {
      name: 'silent (still "online") during an unscheduled session',
      f: facts({
        now: T22 - 3 * HOUR,
        schedule: null,
        live: {
          online: true,
          last_seen_at: T22 - 3 * HOUR - 15 * MIN,
          status_changed_at: T22 - DAY,
          session_id: 's-9',
          faults: [],
        },
      }),
      keys: ['unit_offline'],
    },
    {
      name: 'scheduled 22:00, no session by 22:31, unit heard: missed',
      f: facts({ now: T22 + 31 * MIN, session_starts: [T22 - DAY] }),
      keys: ['session_missed:2025-12-01'],
    },
    {
      name: 'scheduled 22:00, no session at 22:29: not yet missed',
      f: facts({ now: T22 + 29 * MIN, session_starts: [T22 - DAY] }),
      keys: [],
    },
    {
      name: 'a session started at 21:30 counts for the 22:00 schedule',
      f: facts({ now: T22 + 40 * MIN, session_starts: [T22 - 30 * MIN] }),
      keys: [],
    },
    {
      name: 'scheduled, unit offline since the afternoon: offline in the window, not "missed"',
      f: facts({
        now: T22 + 40 * MIN,
        session_starts: [T22 - DAY],
        heard_hours: hoursBetween(T22 - 30 * DAY, T22 - 5 * HOUR),
        live: offlineSince(T22 - 5 * HOUR, 0),
      }),
      keys: ['unit_offline'],
    },
    {
      name: 'nothing heard for 3 finished nights: no data',
      f: facts({
        now: T22 - 10 * HOUR,
        schedule: null,
        session_starts: [],
        heard_hours: hoursBetween(T22 - 30 * DAY, T22 - 3 * DAY - 12 * HOUR),
        live: offlineSince(T22 - 3 * DAY - 12 * HOUR, 0),
      }),
      keys: ['no_data'],
    },
    {
      name: 'nothing heard for 2 finished nights: not yet',
      f: facts({
        now: T22 - 10 * HOUR,
        schedule: null,
        session_starts: [],
        heard_hours: hoursBetween(T22 - 30 * DAY, T22 - 2 * DAY - 12 * HOUR),
        live: offlineSince(T22 - 2 * DAY - 12 * HOUR, 0),
      }),
      keys: [],
    },
    {
      name: 'a unit assigned yesterday is not "3 nights without data"',
      f: facts({
        now: T22 - 10 * HOUR,
        schedule: null,
        unit: { id: 'bed-1', assigned_at: T22 - 2 * DAY },
        session_starts: [],
        heard_hours: [],
        live: null,
      }),
      keys: [],
    },
    {
      name: 'pulse fault standing 2 minutes, audio fault 30 s (under the 60 s threshold)',
      f: facts({
        now: T22 + 20 * MIN,
        live: {
          online: true,
          last_seen_at: T22 + 20 * MIN,
          status_changed_at: T22 - DAY,
          session_id: 's-1',
          faults: [
            { code: 'E_PULSE_NO_SIGNAL', port: 'pulse', message: 'no finger', since: T22 + 18 * MIN },
            { code: 'E_AUDIO_UNDERRUN', port: 'audio', message: 'underruns', since: T22 + 20 * MIN - 30_000 },
          ],
        },
      }),
      keys: ['port_fault:pulse:E_PULSE_NO_SIGNAL'],
    },
    {
      name: 'muted kinds are left out',
      f: facts({
        now: T22 + 31 * MIN,
        session_starts: [T22 - DAY],
        settings: alertSettingsSchema.parse({ muted: ['session_missed'] }),
      }),
      keys: [],
    },
    {
      name: 'no unit assigned: no rule applies',
      f: facts({ now: T22 + 31 * MIN, unit: null, session_starts: [] }),
      keys: [],
    },
    {
      name: 'a per-patient offline threshold of 30 min',
      f: facts({
        now: T22 + 20 * MIN,
        live: offlineSince(T22 + 5 * MIN, 0),
        session_starts: [T22 - DAY],
        settings: alertSettingsSchema.parse({ offline_after_min: 30 }),
      }),
      keys: [],
    },
    {
      name: 'the unit recorded the 22:00 start missed (it was off): missed, though it was not heard',
      f: facts({
        now: T22 + 3 * HOUR,
        session_starts: [T22 - DAY],
        heard_hours: hoursBetween(T22 - 30 * DAY, T22 - 2 * HOUR),
        occurrences: [{ type: 'missed', scheduled_at: T22, reason: 'unit_off' }],
      }),
      keys: ['session_missed:2025-12-01'],
    },
    {
      name: 'the unit skipped the 22:00 start for a session in progress: no miss',
      f: facts({
        now: T22 + 3 * HOUR,
        session_starts: [T22 - DAY, T22 - 90 * MIN],
        occurrences: [{ type: 'skipped', scheduled_at: T22, reason: 'session_in_progress' }],
      }),
      keys: [],
    },
    ...scheduleStatusCases(),
  ];
  it.each(cases)('$name', ({ f, keys }) => {
    expect(
      evaluateRules(f)
        .map((x) => x.key)
        .sort(),
    ).toEqual([...keys].sort());
  });

  it('severity and wording: a pulse fault is a warning that names the port and the code', () => {
    const [finding] = evaluateRules(cases[12]?.f as PatientFacts);
    expect(finding).toMatchObject({ kind: 'port_fault', severity: 'warning', ongoing: true });
    expect(finding?.message).toContain('E_PULSE_NO_SIGNAL');
    expect(finding?.message).toContain('Pulse sensor');
  });

  it('a missed session is an event (stays until a person clears it); offline is ongoing', () => {
    expect(evaluateRules(cases[5]?.f as PatientFacts)[0]?.ongoing).toBe(false);
    expect(evaluateRules(cases[1]?.f as PatientFacts)[0]?.ongoing).toBe(true);
  });
});

describe('the schedule not applied', () => {
  const f = (state: ScheduleState, issuedAgo: number, over: Partial<PatientFacts> = {}) =>
    facts({ now: T22 - 6 * HOUR, schedule_status: status(state, T22 - 6 * HOUR - issuedAgo), ...over });
  it('names the version and how long, or every reason the unit refused it with', () => {
    const [pending] = evaluateRules(f('pending', 12 * MIN));
    expect(pending).toMatchObject({ kind: 'schedule_not_applied', ongoing: true, detail: { version: 4 } });
    expect(pending?.message).toContain('has not applied schedule version 4 after 12 min');
    const [refused] = evaluateRules(f('rejected', 11 * MIN));
    expect(refused?.message).toContain(
      "entries.0.start_volume_dba: 58 dB(A) is above this unit's cap (55); entries.1.preset: no preset",
    );
  });
  it('clears by itself: the finding is gone once the unit applies it', () => {
    expect(evaluateRules(f('pending', 12 * MIN)).map((x) => x.kind)).toEqual(['schedule_not_applied']);
    expect(evaluateRules(f('applied', 12 * MIN))).toEqual([]);
  });
});

function status(state: ScheduleState, issued_at: number): ScheduleStatus {
  const reasons =
    state === 'rejected'
      ? ["entries.0.start_volume_dba: 58 dB(A) is above this unit's cap (55)", 'entries.1.preset: no preset']
      : [];
  return { state, version: 4, issued_at, since: issued_at, reasons };
}

/** An online unit has 10 minutes to apply the latest version; an offline one is unit_offline's. */
function scheduleStatusCases(): { name: string; f: PatientFacts; keys: string[] }[] {
  const now = T22 - 6 * HOUR;
  const at = (state: ScheduleState, ago: number, over: Partial<PatientFacts> = {}) =>
    facts({ now, schedule_status: status(state, now - ago), ...over });
  return [
    {
      name: 'pending for 11 min, online: not applied',
      f: at('pending', 11 * MIN),
      keys: ['schedule_not_applied'],
    },
    { name: 'pending for 9 min: not yet', f: at('pending', 9 * MIN), keys: [] },
    { name: 'refused 10 min ago: not applied', f: at('rejected', 10 * MIN), keys: ['schedule_not_applied'] },
    { name: 'applied: nothing', f: at('applied', 60 * MIN), keys: [] },
    {
      name: 'not applied while the unit is offline: not this rule',
      f: at('offline', 60 * MIN, { live: offlineSince(now - 2 * HOUR, 0) }),
      keys: [],
    },
  ];
}

describe('scheduled windows', () => {
  it('22:00 in Berlin stays 22:00 local across the end of daylight saving', () => {
    const from = Date.UTC(2025, 9, 24);
    const windows = scheduledWindows(everyNight, from, from + 4 * DAY);
    const local = windows.map((w) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Berlin',
        hour: '2-digit',
        minute: '2-digit',
      }).format(w.start),
    );
    expect(local).toEqual(['22:00', '22:00', '22:00', '22:00']);
    expect(windows[1]?.start).toBe(Date.UTC(2025, 9, 25, 20, 0));
    expect(windows[2]?.start).toBe(Date.UTC(2025, 9, 26, 21, 0));
    expect(windows[0]?.end).toBe((windows[0]?.start ?? 0) + 45 * MIN);
  });

  it('only the entry days, and disabled entries never', () => {
    const schedule = scheduleBodySchema.parse({
      timezone: 'UTC',
      entries: [
        { days: ['mon'], time: '21:00', duration_min: 30 },
        { days: ['tue'], time: '21:00', duration_min: 30, enabled: false },
      ],
    });
    const windows = scheduledWindows(schedule, Date.UTC(2025, 11, 1), Date.UTC(2025, 11, 15));
    expect(windows.map((w) => new Date(w.start).toISOString())).toEqual([
      '2025-12-01T21:00:00.000Z',
      '2025-12-08T21:00:00.000Z',
    ]);
  });
});
