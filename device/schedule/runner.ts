import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import { formatIssues } from '../../shared/format-issues.js';
import type { Logger } from '../../shared/log.js';
import { type ScheduleApplied, type ScheduleEntry, scheduleSchema } from '../../shared/schemas/schedule.js';
import type { Body } from '../telemetry/index.js';
import { nextOccurrence, type Occurrence } from './next-occurrence.js';
import type { ScheduleStore } from './store.js';

export interface ScheduleRunnerOptions {
  clock: Clock;
  log: Logger;
  store: ScheduleStore;
  /** Starts a scheduled session (the unit ignores it when one is already running). */
  start(entry: ScheduleEntry): void;
}

/** Timers are re-planned at least this often, so a long wait never rests on one huge timeout. */
const MAX_TIMER_MS = 3600_000;

/**
 * Runs the applied schedule locally, so sessions start on time without a network. Applies a
 * desired schedule from the controller once per version and answers for `schedule/applied`.
 * A start missed while the unit was off is not made up later: 22:00 never fires at 08:00.
 */
export class ScheduleRunner {
  private timer: Timer | undefined;
  private next: Occurrence | undefined;
  private running = false;

  constructor(private readonly o: ScheduleRunnerOptions) {}

  start(): void {
    this.running = true;
    this.plan();
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** When the next scheduled session starts (after any snooze), or null. */
  nextSessionAt(): number | null {
    if (!this.next) return null;
    const snooze = this.o.store.snooze();
    return snooze?.planned_at === this.next.at ? snooze.until : this.next.at;
  }

  /** Postpones the next scheduled session by `minutes`; false when none is planned. */
  snooze(minutes: number): boolean {
    const at = this.nextSessionAt();
    if (!this.next || at === null) return false;
    this.o.store.saveSnooze({ planned_at: this.next.at, until: at + minutes * 60_000 });
    this.plan();
    return true;
  }

  /** The retained `schedule` payload → the answer for `schedule/applied` (none for a cleared topic). */
  receive(payload: Buffer): Body<ScheduleApplied> | undefined {
    if (payload.length === 0) return undefined;
    const applied = this.o.store.schedule()?.version ?? null;
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      return this.rejected(null, applied, 'payload is not JSON');
    }
    const raw = (json as { version?: unknown } | null)?.version;
    const version = typeof raw === 'number' && Number.isInteger(raw) && raw > 0 ? raw : null;
    const parsed = scheduleSchema.safeParse(json);
    if (!parsed.success)
      return this.rejected(version, applied, formatIssues(parsed.error).replaceAll('\n', '; '));
    const schedule = parsed.data;
    if (applied !== null && schedule.version < applied)
      return this.rejected(schedule.version, applied, `older than the applied version ${applied}`);
    if (schedule.version !== applied) {
      this.o.store.saveSchedule(schedule);
      this.o.log.info({ version: schedule.version, entries: schedule.entries.length }, 'schedule applied');
      this.plan();
    }
    return {
      status: 'applied',
      version: schedule.version,
      applied_version: schedule.version,
      next_session_at: this.nextSessionAt(),
    };
  }

  private rejected(version: number | null, applied: number | null, reason: string): Body<ScheduleApplied> {
    this.o.log.warn({ version, reason }, 'schedule rejected');
    return {
      status: 'rejected',
      version,
      applied_version: applied,
      reason: reason.slice(0, 500),
      next_session_at: this.nextSessionAt(),
    };
  }

  /** `now`: the one reading the caller decided on; a second, later one could pass a due start by. */
  private plan(now = this.o.clock.now()): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (!this.running) return;
    const schedule = this.o.store.schedule();
    let snooze = this.o.store.snooze();
    if (snooze && snooze.until <= now) {
      this.o.store.saveSnooze(undefined);
      snooze = undefined;
    }
    // A snoozed start stays the next one even after its original time has passed.
    const from = snooze ? Math.min(now, snooze.planned_at - 1) : now;
    this.next = schedule ? nextOccurrence(schedule, from) : undefined;
    const at = this.nextSessionAt();
    if (at === null) return;
    this.timer = this.o.clock.setTimeout(() => this.fire(), Math.min(MAX_TIMER_MS, Math.max(0, at - now)));
  }

  private fire(): void {
    this.timer = undefined;
    const next = this.next;
    const at = this.nextSessionAt();
    const now = this.o.clock.now();
    if (next && at !== null && now >= at) {
      if (this.o.store.snooze()?.planned_at === next.at) this.o.store.saveSnooze(undefined);
      this.o.log.info({ time: next.entry.time }, 'scheduled session');
      try {
        this.o.start(next.entry);
      } catch (err) {
        this.o.log.error({ err: errorMessage(err) }, 'scheduled start failed');
      }
    }
    this.plan(now);
  }
}
