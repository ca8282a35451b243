import { describe, expect, it } from 'vitest';
import { ScheduleRunner } from '../../../device/schedule/runner.js';
import { ScheduleStore } from '../../../device/schedule/store.js';
import { VirtualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { useStateDirs } from '../../helpers/state-dirs.js';

/**
 * A clock that moves between two readings, as a ScaledClock at --speed 1440 does (1 ms of real
 * time is 1.44 s): the next readings of `now()` are scripted, the timers stay virtual.
 */
class MovingClock extends VirtualClock {
  readonly readings: number[] = [];
  override now(): number {
    return this.readings.shift() ?? super.now();
  }
}

// Thursday 2026-03-26, 22:00 in Europe/Berlin is 21:00 UTC.
const THU_NOON = Date.UTC(2026, 2, 26, 12);
const THU_22 = Date.UTC(2026, 2, 26, 21);

describe('the schedule runner when the clock moves between two readings', () => {
  const stateDirs = useStateDirs();

  it('does not drop a start that falls due between the two readings', () => {
    const clock = new MovingClock(THU_NOON);
    const starts: number[] = [];
    const r = new ScheduleRunner({
      clock,
      log: silentLogger(),
      store: new ScheduleStore(stateDirs.open().db),
      start: () => starts.push(clock.now()) > 0,
    });
    r.start();
    r.receive(
      Buffer.from(
        JSON.stringify({
          version: 1,
          issued_at: THU_NOON,
          timezone: 'Europe/Berlin',
          entries: [
            { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], time: '22:00', duration_min: 45 },
          ],
        }),
      ),
    );
    expect(r.nextSessionAt()).toBe(THU_22);
    // The timer fires a hair early (the first reading is just before 22:00), and the clock has
    // passed 22:00 by the second reading.
    clock.advance(THU_22 - 1 - THU_NOON);
    clock.readings.push(THU_22 - 1, THU_22 + 1);
    clock.advance(3600_000);
    expect(starts).toHaveLength(1);
    expect(r.nextSessionAt()).toBe(Date.UTC(2026, 2, 27, 21));
    r.stop();
  });
});
