import { type OccurrenceEvent, ScheduleRunner } from '../../../device/schedule/runner.js';
import { ScheduleStore } from '../../../device/schedule/store.js';
import type { StateDb } from '../../../device/telemetry/state-db.js';
import { silentLogger } from '../../../shared/log.js';
import type { Occurrence } from '../../../shared/schedule-expansion.js';
import type { SteppingClock } from '../../fakes/stepping-clock.js';

/** A decision as the tests see it: which occurrence, what became of it, at what wall time. */
export interface Decided {
  key: string;
  at: number;
  kind: 'run' | 'missed' | 'skipped';
  reason?: string;
  decidedAt: number;
}

export const occurrenceKey = (at: number, entry: number) => `${at}:${entry}`;

/**
 * A schedule runner over a real state database and a stepping clock, with a unit that is busy
 * for each session it runs (and for any manual session the test starts).
 */
export function scheduleHarness(db: StateDb, clock: SteppingClock, o: { synced?: () => boolean } = {}) {
  const decided: Decided[] = [];
  let busyUntil = 0;
  const inSession = () => clock.now() < busyUntil;
  let runner: ScheduleRunner | undefined;
  const make = () =>
    new ScheduleRunner({
      clock,
      log: silentLogger(),
      store: new ScheduleStore(db),
      clockSynced: o.synced,
      inSession,
      start: (occ: Occurrence) => {
        if (inSession()) return false;
        busyUntil = clock.now() + occ.entry.duration_min * 60_000;
        decided.push({
          key: occurrenceKey(occ.at, occ.entry_index),
          at: occ.at,
          kind: 'run',
          decidedAt: clock.now(),
        });
        return true;
      },
      record: (e: OccurrenceEvent) =>
        decided.push({
          key: occurrenceKey(e.scheduled_at, e.entry),
          at: e.scheduled_at,
          kind: e.type,
          reason: e.reason,
          decidedAt: clock.now(),
        }),
    });
  return {
    decided,
    get runner(): ScheduleRunner {
      if (!runner) throw new Error('not running');
      return runner;
    },
    boot(): ScheduleRunner {
      runner = make();
      runner.start();
      return runner;
    },
    /** The unit goes off: nothing runs until `boot()`. */
    powerOff(): void {
      runner?.stop();
      runner = undefined;
    },
    manualSession(minutes: number): void {
      busyUntil = Math.max(busyUntil, clock.now() + minutes * 60_000);
    },
  };
}

export function schedulePayload(version: number, body: object, issuedAt: number): Buffer {
  return Buffer.from(JSON.stringify({ version, issued_at: issuedAt, ...body }));
}
