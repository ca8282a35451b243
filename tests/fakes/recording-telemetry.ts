import type { CommandHandler } from '../../device/telemetry/commands.js';
import type { Body, ScheduleHandler, UnitTelemetry } from '../../device/telemetry/index.js';
import { Outbox } from '../../device/telemetry/outbox.js';
import type { StateDir } from '../../device/telemetry/state-dir.js';
import type { Info } from '../../shared/schemas/info.js';
import type { SessionEvent } from '../../shared/schemas/session-event.js';
import type { SessionReport } from '../../shared/schemas/session-report.js';
import type { Sample } from '../../shared/schemas/session-samples.js';
import type { State } from '../../shared/schemas/state.js';
import type { DurableKind } from '../../shared/topics.js';

/**
 * Telemetry that records what the unit reports instead of sending it. Durable messages go through
 * a real outbox in the state dir and are "acknowledged" at once, so `seq` behaves as on the wire.
 */
export class RecordingTelemetry implements UnitTelemetry {
  readonly states: Body<State>[] = [];
  readonly events: (Body<SessionEvent> & { seq: number })[] = [];
  readonly reports: (Body<SessionReport> & { seq: number })[] = [];
  readonly samples: (Sample & { session_id: string })[] = [];
  info: Body<Info> | undefined;
  commandHandler: CommandHandler | undefined;
  scheduleHandler: ScheduleHandler | undefined;
  running = false;
  private readonly outbox: Outbox;

  constructor(stateDir: StateDir) {
    this.outbox = new Outbox(stateDir);
  }

  async start(): Promise<void> {
    this.running = true;
  }
  async stop(): Promise<void> {
    this.running = false;
  }
  publishInfo(info: Body<Info>): void {
    this.info = info;
  }
  publishState(state: Body<State>): void {
    this.states.push(state);
  }
  async publishSessionEvent(event: Body<SessionEvent>): Promise<void> {
    this.events.push({ ...event, seq: this.deliver('session/event', event.session_id, event) });
  }
  async publishSessionReport(report: Body<SessionReport>): Promise<void> {
    this.reports.push({ ...report, seq: this.deliver('session/report', report.session_id, report) });
  }
  addSample(sessionId: string, sample: Sample): void {
    this.samples.push({ ...sample, session_id: sessionId });
  }
  onCommand(handler: CommandHandler): void {
    this.commandHandler = handler;
  }
  onSchedule(handler: ScheduleHandler): void {
    this.scheduleHandler = handler;
  }

  get lastState(): Body<State> | undefined {
    return this.states.at(-1);
  }

  private deliver(kind: DurableKind, sessionId: string, body: object): number {
    this.outbox.add(kind, sessionId, { ...body }, 0);
    const row = this.outbox.after(0, 1)[0];
    if (!row) throw new Error('outbox lost a message');
    const sealed = this.outbox.seal(row);
    this.outbox.ack(row.id);
    return sealed.seq;
  }
}
