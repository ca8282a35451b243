import type { Body, CommandHandler, ScheduleHandler, UnitTelemetry } from '../../device/telemetry/index.js';
import type { Clock } from '../../shared/clock.js';
import { SCHEMA_VERSION } from '../../shared/schemas/common.js';
import type { Info } from '../../shared/schemas/info.js';
import type { SessionEvent } from '../../shared/schemas/session-event.js';
import type { SessionReport } from '../../shared/schemas/session-report.js';
import type { SessionSamples } from '../../shared/schemas/session-samples.js';
import type { State } from '../../shared/schemas/state.js';
import { type PayloadOf, unitTopics } from '../../shared/topics.js';

type Durable = 'session/event' | 'session/samples' | 'session/report';

/**
 * A unit's telemetry that keeps what it is given instead of sending it: every payload gets the
 * envelope and is checked against its topic's schema, as the MQTT link does before it sends.
 */
export class RecordingTelemetry implements UnitTelemetry {
  readonly states: PayloadOf<'state'>[] = [];
  readonly durable: { kind: Durable; payload: PayloadOf<Durable> }[] = [];
  commandHandler: CommandHandler | undefined;
  scheduleHandler: ScheduleHandler | undefined;
  private seq = 0;

  constructor(
    private readonly unit: string,
    private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  publishInfo(info: Body<Info>): void {
    unitTopics.info.schema.parse(this.envelope(info));
  }

  publishState(state: Body<State>): void {
    this.states.push(unitTopics.state.schema.parse(this.envelope(state)));
  }

  async publishSessionEvent(event: Body<SessionEvent>): Promise<void> {
    this.record('session/event', event);
  }

  async publishSessionSamples(samples: Body<SessionSamples>): Promise<void> {
    this.record('session/samples', samples);
  }

  async publishSessionReport(report: Body<SessionReport>): Promise<void> {
    this.record('session/report', report);
  }

  onCommand(handler: CommandHandler): void {
    this.commandHandler = handler;
  }

  onSchedule(handler: ScheduleHandler): void {
    this.scheduleHandler = handler;
  }

  of<K extends Durable>(kind: K): PayloadOf<K>[] {
    return this.durable.filter((d) => d.kind === kind).map((d) => d.payload as PayloadOf<K>);
  }

  private record(kind: Durable, body: object): void {
    const payload = { ...this.envelope(body), epoch: 'test-epoch-0001', seq: this.seq++ };
    this.durable.push({ kind, payload: unitTopics[kind].schema.parse(payload) });
  }

  private envelope(body: object): object {
    return { ...body, v: SCHEMA_VERSION, unit: this.unit, ts: this.clock.now() };
  }
}
