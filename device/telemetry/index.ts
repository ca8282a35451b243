import type { Info } from '../../shared/schemas/info.js';
import type { SessionEvent } from '../../shared/schemas/session-event.js';
import type { SessionReport } from '../../shared/schemas/session-report.js';
import type { SessionSamples } from '../../shared/schemas/session-samples.js';
import type { State } from '../../shared/schemas/state.js';

/** A payload without the envelope the telemetry adds (`v`, `unit`, `ts`, `epoch`, `seq`). */
export type Body<T> = T extends unknown ? Omit<T, 'v' | 'unit' | 'ts' | 'epoch' | 'seq'> : never;

/** What the unit reports. The MQTT link implements it; tests can record it. */
export interface UnitTelemetry {
  start(): Promise<void>;
  stop(): Promise<void>;
  publishInfo(info: Body<Info>): void;
  /** Retained; sent on change and at most twice a second. */
  publishState(state: Body<State>): void;
  /** Durable: gets `epoch` and the next `seq`, stored before it is sent. */
  publishSessionEvent(event: Body<SessionEvent>): Promise<void>;
  /** Durable: a batch of samples, at least every 10 s during a session. */
  publishSessionSamples(samples: Body<SessionSamples>): Promise<void>;
  /** Durable: the session summary at its end. */
  publishSessionReport(report: Body<SessionReport>): Promise<void>;
}
