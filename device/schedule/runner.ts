import { z } from 'zod';
import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { nextOccurrenceAfter, type Occurrence, occurrencesBetween } from '../../shared/schedule-expansion.js';
import type { Schedule, ScheduleApplied } from '../../shared/schemas/schedule.js';
import {
  type SessionEvent,
  sessionMissedSchema,
  sessionSkippedSchema,
} from '../../shared/schemas/session-event.js';
import type { Body } from '../telemetry/index.js';
import { applySchedule } from './apply.js';
import { type Decision, decide } from './decide.js';
import type { ScheduleStore } from './store.js';

/** The durable record of a scheduled start that did not run. */
export type OccurrenceEvent = Body<Extract<SessionEvent, { type: 'missed' | 'skipped' }>>;

export interface ScheduleRunnerOptions {
  clock: Clock;
  log: Logger;
  store: ScheduleStore;
  /** Starts the occurrence's session; false (or a throw) when the unit could not. */
  start(occurrence: Occurrence, schedule: Schedule): boolean;
  /** A session is in progress: a scheduled start never interrupts it. */
  inSession?(): boolean;
  /** Writes a missed or skipped event to the outbox, synchronously (it runs in the decision's transaction). */
  record?(event: OccurrenceEvent): void;
  /** Whether the wall clock has been synchronised since boot; default: always (a simulated unit). */
  clockSynced?(): boolean;
  /** Problems only the unit can see in a schedule (its volume cap, its presets), as `path: message`. */
  check?(schedule: Schedule): string[];
}

const ENVELOPE = { v: true, unit: true, ts: true, epoch: true, seq: true } as const;
const occurrenceEventSchema = z.discriminatedUnion('type', [
  sessionMissedSchema.omit(ENVELOPE),
  sessionSkippedSchema.omit(ENVELOPE),
]);

/** The clock is looked at at least this often, so a step of the wall clock is seen within a minute. */
const POLL_MS = 60_000;

/**
 * Runs the applied schedule from the unit's own clock, with no network. Every occurrence gets
 * exactly one decision, once: run (late within its grace window), skipped (a session is in
 * progress) or missed; the last decided occurrence is kept durably with the decision, so
 * neither a restart nor a step of the clock in either direction repeats or loses one. With a
 * clock not synchronised since boot nothing is decided and nothing starts (`state` says so).
 */
export class ScheduleRunner {
  private timer: Timer | undefined;
  private running = false;
  private schedule: Schedule | undefined;
  /** The first undecided occurrence, cached: null when there is none. */
  private next: Occurrence | null | undefined;
  private runningSince = 0;
  private wasUnsynced = false;

  constructor(private readonly o: ScheduleRunnerOptions) {}

  start(): void {
    this.running = true;
    this.schedule = this.o.store.schedule();
    this.runningSince = this.o.clock.now();
    this.next = undefined;
    this.tick();
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** When the next scheduled session starts (after any snooze), or null. */
  nextSessionAt(): number | null {
    const next = this.nextUndecided();
    return next ? this.dueAt(next) : null;
  }

  /** Why scheduled sessions are held back now, for `state` (null: they run). */
  hold(): 'clock_unsynced' | null {
    return this.schedule && !this.synced() ? 'clock_unsynced' : null;
  }

  /** Postpones the next scheduled session by `minutes`; false when none is planned. */
  snooze(minutes: number): boolean {
    const next = this.nextUndecided();
    if (!next) return false;
    this.o.store.saveSnooze({ planned_at: next.at, until: this.dueAt(next) + minutes * 60_000 });
    this.tick();
    return true;
  }

  /** The retained `schedule` payload → the answer for `schedule/applied` (none for a cleared topic). */
  receive(payload: Buffer): Body<ScheduleApplied> | undefined {
    if (payload.length === 0) return undefined;
    const outcome = applySchedule(payload, this.schedule?.version ?? null, this.o.check);
    if (outcome.status === 'rejected') {
      this.o.log.warn({ version: outcome.version, reasons: outcome.reasons }, 'schedule rejected');
      return { ...outcome, next_session_at: this.nextSessionAt() };
    }
    const schedule = outcome.schedule;
    if (schedule.version !== this.schedule?.version) {
      const synced = this.synced();
      // What fell due under the old version is decided under it; the new one owes nothing before
      // now, or, on a clock not to be trusted yet, before the controller issued it.
      const now = synced ? this.o.clock.now() : schedule.issued_at;
      if (synced) this.decideDue(now);
      this.o.store.atomically(() => {
        this.o.store.saveSchedule(schedule);
        this.o.store.saveDecided({ until: Math.max(this.o.store.decided()?.until ?? 0, now) });
      });
      this.schedule = schedule;
      this.next = undefined;
      this.o.log.info({ version: schedule.version, entries: schedule.entries.length }, 'schedule applied');
      this.tick();
    }
    return {
      status: 'applied',
      version: schedule.version,
      applied_version: schedule.version,
      next_session_at: this.nextSessionAt(),
    };
  }

  private synced(): boolean {
    return this.o.clockSynced?.() ?? true;
  }

  private dueAt(o: Occurrence): number {
    const snooze = this.o.store.snooze();
    return snooze?.planned_at === o.at ? snooze.until : o.at;
  }

  private decidedUntil(): number | undefined {
    return this.o.store.decided()?.until;
  }

  private nextUndecided(): Occurrence | undefined {
    if (this.next === undefined) {
      const from = this.decidedUntil();
      this.next =
        this.schedule && from !== undefined ? (nextOccurrenceAfter(this.schedule, from) ?? null) : null;
    }
    return this.next ?? undefined;
  }

  private tick(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (!this.running) return;
    const now = this.o.clock.now();
    if (!this.schedule) return;
    if (!this.synced()) {
      this.wasUnsynced = true;
      this.timer = this.o.clock.setTimeout(() => this.tick(), POLL_MS);
      return;
    }
    // A schedule stored by a firmware that kept no decisions owes nothing before now.
    if (this.decidedUntil() === undefined) this.o.store.saveDecided({ until: now });
    let next = this.nextUndecided();
    if (next && this.dueAt(next) <= now) {
      try {
        this.decideDue(now);
      } catch (err) {
        // Rolled back with its decision: the same occurrence is decided again at the next look.
        this.o.log.error({ err: errorMessage(err) }, 'deciding a scheduled start failed');
        this.next = undefined;
        this.timer = this.o.clock.setTimeout(() => this.tick(), POLL_MS);
        return;
      }
      next = this.nextUndecided();
    }
    if (!next) return;
    const wait = Math.min(POLL_MS, Math.max(0, this.dueAt(next) - now));
    this.timer = this.o.clock.setTimeout(() => this.tick(), wait);
  }

  /** Decides every occurrence due by `now`, in time order, each instant in one transaction. */
  private decideDue(now: number): void {
    const schedule = this.schedule;
    const from = this.decidedUntil();
    if (!schedule || from === undefined) return;
    const due = occurrencesBetween(schedule, from, now);
    for (let i = 0; i < due.length; ) {
      const at = (due[i] as Occurrence).at;
      const group: Occurrence[] = [];
      for (; i < due.length && (due[i] as Occurrence).at === at; i++) group.push(due[i] as Occurrence);
      const first = group[0] as Occurrence;
      if (this.dueAt(first) > now) break; // snoozed: decided when its snooze ends
      this.o.store.atomically(() => {
        for (const o of group) this.carryOut(schedule, o, this.decision(o, now));
        this.o.store.saveDecided({ until: at });
        if (this.o.store.snooze()?.planned_at === at) this.o.store.saveSnooze(undefined);
      });
      this.next = undefined;
    }
  }

  private decision(o: Occurrence, now: number): Decision {
    return decide(o, {
      now,
      dueAt: this.dueAt(o),
      inSession: this.o.inSession?.() ?? false,
      runningSince: this.runningSince,
      wasUnsynced: this.wasUnsynced,
    });
  }

  private carryOut(schedule: Schedule, o: Occurrence, d: Decision): void {
    const log = { scheduled_at: o.at, entry: o.entry_index, local_date: o.local_date };
    if (d.kind === 'run') {
      this.o.log.info({ ...log, late_ms: d.late_ms }, 'scheduled session');
      if (this.tryStart(o, schedule)) return;
      d = { kind: 'missed', reason: 'start_failed', late_ms: d.late_ms };
    }
    this.o.log.warn({ ...log, decision: d.kind, reason: d.reason }, `scheduled session ${d.kind}`);
    const base = {
      session_id: `sch-${o.at.toString(36)}-${o.entry_index}`,
      scheduled_at: o.at,
      schedule_version: schedule.version,
      entry: o.entry_index,
      protocol: o.entry.protocol,
    };
    const event: OccurrenceEvent =
      d.kind === 'missed'
        ? { ...base, type: 'missed', reason: d.reason, late_s: Math.round(d.late_ms / 1000) }
        : { ...base, type: 'skipped', reason: d.reason };
    // Checked here, synchronously: a record the outbox would refuse must roll the decision back.
    occurrenceEventSchema.parse(event);
    this.o.record?.(event);
  }

  private tryStart(o: Occurrence, schedule: Schedule): boolean {
    try {
      return this.o.start(o, schedule);
    } catch (err) {
      this.o.log.error({ err: errorMessage(err) }, 'scheduled start failed');
      return false;
    }
  }
}
