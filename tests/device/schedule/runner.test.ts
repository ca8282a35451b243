import { describe, expect, it } from 'vitest';
import { type OccurrenceEvent, ScheduleRunner } from '../../../device/schedule/runner.js';
import { ScheduleStore } from '../../../device/schedule/store.js';
import { VirtualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { nextOccurrenceAfter } from '../../../shared/schedule-expansion.js';
import type { Weekday } from '../../../shared/schemas/schedule.js';
import { scheduleBodySchema } from '../../../shared/schemas/schedule.js';
import { useStateDirs } from '../../helpers/state-dirs.js';

// Thursday 2026-03-26 12:00 UTC; Europe/Berlin moves to summer time on Sunday 2026-03-29.
const THU_NOON = Date.UTC(2026, 2, 26, 12);
const schedule = (version: number, entries: object[]) =>
  Buffer.from(JSON.stringify({ version, issued_at: THU_NOON, timezone: 'Europe/Berlin', entries }));
const nightly = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as Weekday[],
  time: '22:00',
  duration_min: 45,
  enabled: true,
};

describe('the local schedule', () => {
  const stateDirs = useStateDirs();
  function runner(path?: string, start = THU_NOON) {
    const p = path ?? stateDirs.fresh();
    const stateDir = stateDirs.open(p);
    const clock = new VirtualClock(start);
    const starts: number[] = [];
    const records: OccurrenceEvent[] = [];
    const r = new ScheduleRunner({
      clock,
      log: silentLogger(),
      store: new ScheduleStore(stateDir.db),
      start: () => starts.push(clock.now()) > 0,
      record: (e) => records.push(e),
    });
    r.start();
    return { r, clock, starts, records, path: p, stateDir };
  }

  it('keeps local time across the change to summer time', () => {
    const body = (enabled: boolean) =>
      scheduleBodySchema.parse({ timezone: 'Europe/Berlin', entries: [{ ...nightly, enabled }] });
    const s = body(true);
    expect(nextOccurrenceAfter(s, THU_NOON)?.at).toBe(Date.UTC(2026, 2, 26, 21)); // 22:00 CET
    expect(nextOccurrenceAfter(s, Date.UTC(2026, 2, 29, 12))?.at).toBe(Date.UTC(2026, 2, 29, 20)); // 22:00 CEST
    expect(nextOccurrenceAfter(body(false), THU_NOON)).toBeUndefined();
  });

  it('applies a version once, answers, starts sessions on time, and works from the stored copy after a restart', () => {
    const a = runner();
    expect(a.r.receive(schedule(1, [nightly]))).toMatchObject({
      status: 'applied',
      version: 1,
      next_session_at: Date.UTC(2026, 2, 26, 21),
    });
    a.clock.advance(24 * 3600_000);
    expect(a.starts).toEqual([Date.UTC(2026, 2, 26, 21)]);
    a.r.stop();
    a.stateDir.close();
    // Offline restart: the stored schedule still runs.
    const b = runner(a.path, Date.UTC(2026, 2, 27, 13));
    expect(b.r.nextSessionAt()).toBe(Date.UTC(2026, 2, 27, 21));
    b.r.stop();
  });

  it('rejects an older version or a malformed schedule and keeps the applied one', () => {
    const a = runner();
    a.r.receive(schedule(4, [nightly]));
    expect(a.r.receive(schedule(3, []))).toMatchObject({
      status: 'rejected',
      version: 3,
      applied_version: 4,
    });
    expect(a.r.receive(schedule(5, [{ ...nightly, time: '25:00' }]))).toMatchObject({
      status: 'rejected',
      version: 5,
      applied_version: 4,
    });
    expect(a.r.receive(Buffer.from('{'))).toMatchObject({ status: 'rejected', version: null });
    expect(a.r.nextSessionAt()).toBe(Date.UTC(2026, 2, 26, 21));
    a.r.stop();
  });

  it('records a start missed while the unit was off (never makes it up), and snoozes the next one', () => {
    const a = runner();
    a.r.receive(schedule(1, [nightly]));
    a.r.stop();
    a.stateDir.close();
    const b = runner(a.path, Date.UTC(2026, 2, 27, 7)); // the next morning
    b.clock.advance(3600_000);
    expect(b.starts).toEqual([]);
    expect(b.records).toEqual([
      expect.objectContaining({
        type: 'missed',
        reason: 'unit_off',
        scheduled_at: Date.UTC(2026, 2, 26, 21),
      }),
    ]);
    expect(b.r.snooze(20)).toBe(true);
    expect(b.r.nextSessionAt()).toBe(Date.UTC(2026, 2, 27, 21, 20));
    b.clock.advance(14 * 3600_000);
    expect(b.starts).toEqual([Date.UTC(2026, 2, 27, 21, 20)]);
    b.r.stop();
  });
});
