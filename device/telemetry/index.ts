import type { Info } from '../../shared/schemas/info.js';
import type { ScheduleApplied } from '../../shared/schemas/schedule.js';
import type { SessionEvent } from '../../shared/schemas/session-event.js';
import type { SessionReport } from '../../shared/schemas/session-report.js';
import type { SessionSamples } from '../../shared/schemas/session-samples.js';
import type { State } from '../../shared/schemas/state.js';
import type { CommandHandler } from './commands.js';

/** A payload without the envelope the telemetry adds (`v`, `unit`, `ts`, `epoch`, `seq`). */
export type Body<T> = T extends unknown ? Omit<T, 'v' | 'unit' | 'ts' | 'epoch' | 'seq'> : never;

/** Turns the raw retained `schedule` payload into the answer for `schedule/applied` (none: ignore it). */
export type ScheduleHandler = (payload: Buffer) => Body<ScheduleApplied> | undefined;

export type { CommandHandler, CommandOutcome, UnitCommand } from './commands.js';

/** What the unit reports and receives. The MQTT link implements it; tests can record it. */
export interface UnitTelemetry {
  start(): Promise<void>;
  stop(): Promise<void>;
  publishInfo(info: Body<Info>): void;
  /** Retained; sent on change and at most twice a second. */
  publishState(state: Body<State>): void;
  /** Durable: stored in the outbox before it is sent; gets `epoch` and a `seq`. */
  publishSessionEvent(event: Body<SessionEvent>): Promise<void>;
  /** Durable: a batch of samples, at least every 10 s during a session (merged when the outbox is full). */
  publishSessionSamples(samples: Body<SessionSamples>): Promise<void>;
  /** Durable: the session summary at its end. */
  publishSessionReport(report: Body<SessionReport>): Promise<void>;
  /** Who executes commands; commands that arrive without a handler are rejected. */
  onCommand(handler: CommandHandler): void;
  /** Who applies the desired schedule. */
  onSchedule(handler: ScheduleHandler): void;
}
