import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { ScheduleRunner } from '../../../device/schedule/runner.js';
import { ScheduleStore } from '../../../device/schedule/store.js';
import { StateDir } from '../../../device/telemetry/state-dir.js';
import { silentLogger } from '../../../shared/log.js';
import { occurrencesBetween } from '../../../shared/schedule-expansion.js';
import { scheduleSchema } from '../../../shared/schemas/schedule.js';
import { SteppingClock } from '../../fakes/stepping-clock.js';
import { useStateDirs } from '../../helpers/state-dirs.js';
import { scheduleHarness, schedulePayload } from './schedule-harness.js';

const DAILY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const START = Date.UTC(2025, 11, 31, 0);
const YEAR_MS = 367 * 24 * 3600_000;

/** Each zone with a daily start in its gap and one in its repeated hour (Kolkata has neither). */
const table = [
  { zone: 'Europe/Berlin', times: ['22:00', '02:30'], gapNight: '2026-03-29', gapRuns: '03:00' },
  { zone: 'America/New_York', times: ['22:00', '02:30', '01:30'], gapNight: '2026-03-08', gapRuns: '03:00' },
  {
    zone: 'Australia/Lord_Howe',
    times: ['22:00', '02:15', '01:40'],
    gapNight: '2026-10-04',
    gapRuns: '02:30',
  },
  { zone: 'Asia/Kolkata', times: ['22:00', '02:30'], gapNight: undefined, gapRuns: undefined },
];

describe('the schedule runner over a whole year on the virtual clock', () => {
  const stateDirs = useStateDirs();
  const opened: StateDir[] = [];
  afterEach(() => {
    for (const d of opened.splice(0)) d.close();
  });
  /** A state database that survives a killed process (a year of decisions without a disk sync each). */
  const db = () => {
    const dir = StateDir.open(stateDirs.fresh(), { durability: 'process-crash' });
    opened.push(dir);
    return dir.db;
  };

  for (const { zone, times, gapNight, gapRuns } of table) {
    it(`${zone}: every start of 2026 runs once, on its night, at its local time`, () => {
      const clock = new SteppingClock(START);
      const h = scheduleHarness(db(), clock);
      h.boot();
      const body = {
        timezone: zone,
        starts_on: '2026-01-01',
        ends_on: '2026-12-31',
        entries: times.map((time) => ({ days: DAILY, time, duration_min: 20 })),
      };
      expect(h.runner.receive(schedulePayload(1, body, START))).toMatchObject({ status: 'applied' });
      clock.advance(YEAR_MS);
      const runs = h.decided.filter((d) => d.kind === 'run');
      // Starts 20 min apart or more never overlap: all run, none twice, none late.
      const expected = occurrencesBetween(
        scheduleSchema.parse({ ...body, version: 1, issued_at: START }),
        START,
        START + YEAR_MS,
      );
      expect(expected).toHaveLength(365 * times.length);
      const want = expected.map((o) => `${o.at}:${o.entry_index}`);
      const got = runs.map((d) => d.key);
      expect(want.filter((k) => !got.includes(k))).toEqual([]);
      expect(got).toEqual(want);
      expect(h.decided.filter((d) => d.kind !== 'run')).toEqual([]);
      for (const d of runs) expect(d.decidedAt - d.at).toBeLessThan(60_000);
      if (gapNight) {
        const night = runs.filter((d) => DateTime.fromMillis(d.at, { zone }).toISODate() === gapNight);
        expect(night.map((d) => DateTime.fromMillis(d.at, { zone }).toFormat('HH:mm'))).toContain(gapRuns);
      }
      expect(h.runner.nextSessionAt()).toBeNull(); // ends_on has passed
      h.powerOff();
    });
  }

  it('a clock step back after a run (NTP after boot) does not run it again; a step forward past one records it missed', () => {
    const clock = new SteppingClock(Date.UTC(2026, 5, 1, 12));
    const h = scheduleHarness(db(), clock);
    h.boot();
    h.runner.receive(
      schedulePayload(
        1,
        { timezone: 'Europe/Berlin', entries: [{ days: DAILY, time: '22:00', duration_min: 45 }] },
        clock.now(),
      ),
    );
    clock.advance(9 * 3600_000); // 21:00 UTC: 23:00 in Berlin, the 22:00 start ran
    expect(h.decided.map((d) => d.kind)).toEqual(['run']);
    clock.step(-2 * 3600_000); // back to 21:00 local
    clock.advance(2 * 3600_000);
    expect(h.decided).toHaveLength(1);
    expect(h.runner.nextSessionAt()).toBe(Date.UTC(2026, 5, 2, 20));
    clock.step(26 * 3600_000); // forward past the next night's 22:00 by more than its grace
    clock.advance(60_000);
    expect(h.decided.map((d) => [d.kind, d.reason])).toEqual([
      ['run', undefined],
      ['missed', 'late'],
    ]);
    expect(h.runner.nextSessionAt()).toBe(Date.UTC(2026, 5, 3, 20));
    h.powerOff();
  });

  it('starts nothing with a clock not synchronised since boot, says so, and decides once it is', () => {
    const clock = new SteppingClock(Date.UTC(2026, 5, 1, 12));
    let synced = false;
    const h = scheduleHarness(db(), clock, { synced: () => synced });
    h.boot();
    h.runner.receive(
      schedulePayload(
        1,
        { timezone: 'Europe/Berlin', entries: [{ days: DAILY, time: '22:00', duration_min: 45 }] },
        clock.now(),
      ),
    );
    expect(h.runner.hold()).toBe('clock_unsynced');
    clock.advance(8 * 3600_000 + 10 * 60_000); // 22:10 local, still unsynchronised
    expect(h.decided).toEqual([]);
    synced = true;
    clock.advance(60_000); // within grace: it runs late
    expect(h.decided.map((d) => d.kind)).toEqual(['run']);
    expect(h.runner.hold()).toBeNull();
    synced = false; // latched by the real watch; here: held again, and found too late once synced
    clock.advance(25 * 3600_000); // the next 22:00 passed an hour ago
    synced = true;
    clock.advance(60_000);
    expect(h.decided.map((d) => [d.kind, d.reason, d.at])).toEqual([
      ['run', undefined, Date.UTC(2026, 5, 1, 20)],
      ['missed', 'clock_unsynced', Date.UTC(2026, 5, 2, 20)],
    ]);
    h.powerOff();
  });

  it('never interrupts a manual session: the scheduled start is recorded as skipped', () => {
    const clock = new SteppingClock(Date.UTC(2026, 5, 1, 19, 30)); // 21:30 in Berlin
    const h = scheduleHarness(db(), clock);
    h.boot();
    h.runner.receive(
      schedulePayload(
        1,
        { timezone: 'Europe/Berlin', entries: [{ days: DAILY, time: '22:00', duration_min: 45 }] },
        clock.now(),
      ),
    );
    h.manualSession(45);
    clock.advance(3600_000);
    expect(h.decided.map((d) => [d.kind, d.reason])).toEqual([['skipped', 'session_in_progress']]);
    h.powerOff();
  });

  it('survives a record the outbox refuses: the decision rolls back and is made again, nothing lost', () => {
    const clock = new SteppingClock(Date.UTC(2026, 5, 1, 12));
    const database = db();
    let failing = true;
    const recorded: string[] = [];
    const runner = new ScheduleRunner({
      clock,
      log: silentLogger(),
      store: new ScheduleStore(database),
      start: () => true,
      record: (e) => {
        if (failing) throw new Error('outbox full');
        recorded.push(e.session_id);
      },
    });
    runner.start();
    runner.receive(
      schedulePayload(
        1,
        { timezone: 'UTC', entries: [{ days: DAILY, time: '13:00', duration_min: 45, grace_min: 0 }] },
        clock.now(),
      ),
    );
    clock.step(2 * 3600_000); // past 13:00 with no grace: missed, but the record fails
    clock.advance(60_000);
    expect(recorded).toEqual([]);
    expect(runner.nextSessionAt()).toBe(Date.UTC(2026, 5, 1, 13));
    failing = false;
    clock.advance(60_000);
    expect(recorded).toEqual([`sch-${Date.UTC(2026, 5, 1, 13).toString(36)}-0`]);
    expect(runner.nextSessionAt()).toBe(Date.UTC(2026, 5, 2, 13));
    runner.stop();
  });

  it('does not let a wrong clock before the first sync skip the nights of a schedule it receives', () => {
    const issued = Date.UTC(2026, 5, 1, 12);
    const clock = new SteppingClock(issued + 3 * 24 * 3600_000); // three days ahead, not synchronised
    let synced = false;
    const h = scheduleHarness(db(), clock, { synced: () => synced });
    h.boot();
    h.runner.receive(
      schedulePayload(
        1,
        { timezone: 'UTC', entries: [{ days: DAILY, time: '22:00', duration_min: 45 }] },
        issued,
      ),
    );
    clock.advance(60_000);
    expect(h.decided).toEqual([]);
    clock.step(-3 * 24 * 3600_000); // NTP sets it right
    synced = true;
    clock.advance(11 * 3600_000); // 23:01 UTC: the first night ran
    expect(h.decided.map((d) => [d.kind, d.at])).toEqual([['run', Date.UTC(2026, 5, 1, 22)]]);
    h.powerOff();
  });
});
