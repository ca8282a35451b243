import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ScheduleStore } from '../../../device/schedule/store.js';
import { StateDir } from '../../../device/telemetry/state-dir.js';
import { occurrencesBetween } from '../../../shared/schedule-expansion.js';
import { scheduleSchema } from '../../../shared/schemas/schedule.js';
import { SteppingClock } from '../../fakes/stepping-clock.js';
import { useStateDirs } from '../../helpers/state-dirs.js';
import { occurrenceKey, scheduleHarness, schedulePayload } from './schedule-harness.js';

const HOUR = 3600_000;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'];
/** Around both 2026 transitions of the zones above. */
const STARTS = [
  Date.UTC(2026, 2, 6),
  Date.UTC(2026, 2, 27),
  Date.UTC(2026, 3, 3),
  Date.UTC(2026, 9, 2),
  Date.UTC(2026, 9, 23),
];

const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const entry = fc.record({
  days: fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 7 }),
  time,
  duration_min: fc.integer({ min: 20, max: 90 }),
  grace_min: fc.integer({ min: 0, max: 60 }),
});
const action = fc.oneof(
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 30 * HOUR }) }),
  fc.record({ kind: fc.constant('step' as const), ms: fc.integer({ min: -12 * HOUR, max: 40 * HOUR }) }),
  fc.record({ kind: fc.constant('off' as const), ms: fc.integer({ min: 1, max: 60 * HOUR }) }),
  fc.record({ kind: fc.constant('manual' as const), minutes: fc.integer({ min: 20, max: 90 }) }),
  fc.record({ kind: fc.constant('unsynced' as const), ms: fc.integer({ min: 1, max: 6 * HOUR }) }),
);

describe('the schedule runner, under random schedules, clock steps and off periods', () => {
  const stateDirs = useStateDirs();
  const opened: StateDir[] = [];
  afterEach(() => {
    for (const d of opened.splice(0)) d.close();
  });

  it('decides every occurrence exactly once: none runs twice, none is lost without a missed record', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...STARTS),
        fc.array(entry, { minLength: 1, maxLength: 3 }),
        fc.array(action, { minLength: 1, maxLength: 12 }),
        (zone, start, entries, actions) => {
          const dir = StateDir.open(stateDirs.fresh(), { durability: 'process-crash' });
          opened.push(dir);
          const clock = new SteppingClock(start);
          let synced = true;
          const h = scheduleHarness(dir.db, clock, { synced: () => synced });
          h.boot();
          const body = { timezone: zone, entries };
          expect(h.runner.receive(schedulePayload(1, body, start))).toMatchObject({ status: 'applied' });
          for (const a of actions) {
            if (a.kind === 'advance') clock.advance(a.ms);
            else if (a.kind === 'step') clock.step(a.ms);
            else if (a.kind === 'manual') h.manualSession(a.minutes);
            else if (a.kind === 'off') {
              h.powerOff();
              clock.advance(a.ms);
              h.boot();
            } else {
              synced = false;
              clock.advance(a.ms);
              synced = true;
            }
          }
          clock.advance(2 * 60_000); // one more look at the clock
          h.powerOff();

          // Exactly the occurrences from the application up to the last decided one, each once.
          const until = new ScheduleStore(dir.db).decided()?.until ?? start;
          const schedule = scheduleSchema.parse({ ...body, version: 1, issued_at: start });
          const owed = occurrencesBetween(schedule, start, until).map((o) =>
            occurrenceKey(o.at, o.entry_index),
          );
          const keys = h.decided.map((d) => d.key);
          expect(new Set(keys).size).toBe(keys.length);
          expect(keys).toEqual(owed);
          // Nothing due by the clock now is left undecided.
          expect(occurrencesBetween(schedule, until, clock.now())).toEqual([]);
          // A start runs only within its grace window.
          for (const d of h.decided.filter((x) => x.kind === 'run')) {
            const grace = (entries[Number(d.key.split(':')[1])]?.grace_min ?? 0) * 60_000;
            expect(d.decidedAt - d.at).toBeLessThanOrEqual(grace);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
