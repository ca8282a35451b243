import type { Body, UnitTelemetry } from '../../device/telemetry/index.js';
import type { StateDir } from '../../device/telemetry/state-dir.js';
import type { Info } from '../../shared/schemas/info.js';
import type { SessionEvent } from '../../shared/schemas/session-event.js';
import type { State } from '../../shared/schemas/state.js';

/**
 * Telemetry that records what the unit reports instead of sending it, taking `seq` from a real
 * state dir like the MQTT link does.
 */
export class RecordingTelemetry implements UnitTelemetry {
  readonly states: Body<State>[] = [];
  readonly events: (Body<SessionEvent> & { seq: number })[] = [];
  info: Body<Info> | undefined;
  running = false;

  constructor(private readonly stateDir: StateDir) {}

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
    this.events.push({ ...event, seq: this.stateDir.takeSeq(0) });
  }

  get lastState(): Body<State> | undefined {
    return this.states.at(-1);
  }
}
