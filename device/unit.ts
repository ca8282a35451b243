import { randomBytes } from 'node:crypto';
import type { Clock, Timer } from '../shared/clock.js';
import { errorMessage, type NocturneError } from '../shared/errors.js';
import { Listeners } from '../shared/listeners.js';
import type { Logger } from '../shared/log.js';
import type { EndReason, Fault, Phase, StartTrigger } from '../shared/schemas/common.js';
import type { Info } from '../shared/schemas/info.js';
import type { LightPort } from './ports/light/index.js';
import type { Port } from './ports/port.js';
import type { PulsePort } from './ports/pulse/index.js';
import type { RemoteButton, RemotePort } from './ports/remote/index.js';
import { type ProgramOutput, type TimerProgramParams, timerProgramAt } from './program/timer-program.js';
import { SessionTally } from './session-tally.js';
import { deviceHeartRate } from './signal/device-heart-rate.js';
import type { HeartRateEstimate } from './signal/estimate.js';
import type { Body, UnitTelemetry } from './telemetry/index.js';
import type { StateDir } from './telemetry/state-dir.js';

export interface UnitPorts {
  pulse: PulsePort;
  light: LightPort;
  remote: RemotePort;
}

export interface UnitOptions {
  id: string;
  clock: Clock;
  log: Logger;
  ports: UnitPorts;
  telemetry: UnitTelemetry;
  stateDir: StateDir;
  program: TimerProgramParams;
  firmware: string;
  simulated: boolean;
  calibration: Info['calibration'];
  /** When the next scheduled session starts (the schedule runner), for `state`. */
  nextSessionAt?: () => number | null;
}

export interface SessionSummary {
  sessionId: string;
  endReason: EndReason;
  durationS: number;
}

/** A pulse older than this counts as lost (CLINICAL.md: no valid beats for 30 s). */
const PULSE_STALE_MS = 30_000;
const TICK_MS = 1000;

interface ActiveSession {
  id: string;
  startedAt: number;
  phase: Phase;
  output: ProgramOutput;
  tally: SessionTally;
}

/**
 * The bedside unit: runs sessions through the program, drives the light, reads the pulse and
 * reports everything through its telemetry. It owns no hardware: ports come from the composition
 * root, so the same unit runs on a Pi and simulated.
 */
export class Unit {
  private session: ActiveSession | undefined;
  private heartRate: HeartRateEstimate | undefined;
  private tickTimer: Timer | undefined;
  private readonly faults = new Map<string, Fault>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly started = new Listeners<string>();
  private readonly ended = new Listeners<SessionSummary>();

  constructor(private readonly o: UnitOptions) {}

  async start(): Promise<void> {
    for (const [name, port] of this.portEntries()) {
      this.unsubscribe.push(port.onFault((err) => this.recordFault(name, err)));
      await port.start().catch((err: unknown) => this.recordFault(name, err));
    }
    this.unsubscribe.push(
      this.o.ports.pulse.onBatch((batch) => {
        const estimate = deviceHeartRate(batch);
        if (estimate) this.onHeartRate(estimate);
      }),
      this.o.ports.remote.onPress((button) => this.onButton(button)),
    );
    await this.o.telemetry.start();
    this.o.telemetry.publishInfo(this.info());
    await this.closeInterruptedSession();
    this.tickTimer = this.o.clock.setInterval(() => this.tick(), TICK_MS);
    this.publishState();
  }

  /** Graceful shutdown: a session in progress ends now as a fault (it did not run its course). */
  async stop(): Promise<void> {
    this.tickTimer?.cancel();
    this.tickTimer = undefined;
    if (this.session) await this.stopSession('fault');
    for (const off of this.unsubscribe.splice(0)) off();
    for (const [name, port] of this.portEntries()) {
      await port
        .stop()
        .catch((err: unknown) => this.o.log.warn({ port: name, err: errorMessage(err) }, 'port stop'));
    }
    await this.o.telemetry.stop();
    this.started.clear();
    this.ended.clear();
  }

  get inSession(): boolean {
    return this.session !== undefined;
  }

  onSessionStarted(listener: (sessionId: string) => void): () => void {
    return this.started.add(listener);
  }

  onSessionEnded(listener: (summary: SessionSummary) => void): () => void {
    return this.ended.add(listener);
  }

  async startSession(trigger: StartTrigger): Promise<string | undefined> {
    if (this.session) return undefined;
    const now = this.o.clock.now();
    const id = `s${now.toString(36)}${randomBytes(3).toString('hex')}`;
    const output = timerProgramAt(0, this.o.program);
    this.session = { id, startedAt: now, phase: output.phase, output, tally: new SessionTally(id, now) };
    const planned_s = this.o.program.sessionMs / 1000;
    this.o.stateDir.setActiveSession({ session_id: id, started_at: now, planned_s, trigger });
    this.o.log.info({ session_id: id, trigger }, 'session started');
    await this.o.telemetry.publishSessionEvent({ type: 'started', session_id: id, trigger, planned_s });
    await this.o.telemetry.publishSessionEvent({
      type: 'phase',
      session_id: id,
      phase: output.phase,
      reason: 'session start',
    });
    this.started.emit(id);
    this.publishState();
    return id;
  }

  async stopSession(reason: EndReason): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    if (reason !== 'timer') this.o.ports.light.off();
    const endedAt = this.o.clock.now();
    const durationS = (endedAt - session.startedAt) / 1000;
    await this.o.telemetry.publishSessionEvent({
      type: 'stopped',
      session_id: session.id,
      end_reason: reason,
      duration_s: durationS,
    });
    await this.o.telemetry.publishSessionReport(session.tally.report(endedAt, reason));
    this.o.stateDir.setActiveSession(undefined);
    this.o.log.info({ session_id: session.id, end_reason: reason, duration_s: durationS }, 'session ended');
    this.publishState();
    this.ended.emit({ sessionId: session.id, endReason: reason, durationS });
  }

  private tick(): void {
    const session = this.session;
    if (session) {
      const output = timerProgramAt(this.o.clock.now() - session.startedAt, this.o.program);
      session.output = output;
      this.o.ports.light.setLevel(output.light, TICK_MS);
      this.recordSample(session);
      if (output.phase === 'ended') {
        this.run(this.stopSession('timer'), 'stop session');
        return;
      }
      if (output.phase !== session.phase) {
        session.phase = output.phase;
        this.run(
          this.o.telemetry.publishSessionEvent({
            type: 'phase',
            session_id: session.id,
            phase: output.phase,
            reason: 'timer profile',
          }),
          'phase event',
        );
      }
    }
    this.publishState();
  }

  /** One sample per tick: the telemetry batches them into `session/samples`. */
  private recordSample(session: ActiveSession): void {
    const t = this.o.clock.now();
    const bpm = this.currentBpm();
    const { output } = session;
    session.tally.tick(t, bpm, output.phase);
    this.o.telemetry.addSample(session.id, {
      t,
      bpm,
      quality: bpm === null ? 0 : round(this.heartRate?.quality ?? 0, 3),
      volume_db: output.volumeDba === null ? null : round(output.volumeDba, 1),
      light: round(this.o.ports.light.level(), 3),
      tempo_bpm: output.volumeDba === null ? null : round(output.tempoBpm, 1),
    });
  }

  private onHeartRate(estimate: HeartRateEstimate): void {
    this.heartRate = estimate;
  }

  private onButton(button: RemoteButton): void {
    this.o.log.info({ button }, 'button');
    if (button !== 'start_stop') return;
    if (this.session) this.run(this.stopSession('button'), 'stop session');
    else this.run(this.startSession('button'), 'start session');
  }

  private currentBpm(): number | null {
    const hr = this.heartRate;
    if (!hr || hr.bpm === null || this.o.clock.now() - hr.t > PULSE_STALE_MS) return null;
    return Math.round(hr.bpm);
  }

  private publishState(): void {
    const output = this.session?.output;
    this.o.telemetry.publishState({
      phase: this.session?.phase ?? 'idle',
      bpm: this.currentBpm(),
      volume_db: output?.volumeDba === null || output === undefined ? null : round(output.volumeDba, 1),
      light: round(this.o.ports.light.level(), 3),
      session_id: this.session?.id ?? null,
      next_session_at: this.o.nextSessionAt?.() ?? null,
      faults: [...this.faults.values()],
    });
  }

  private info(): Body<Info> {
    const { pulse, light, remote } = this.o.ports;
    return {
      firmware: this.o.firmware,
      simulated: this.o.simulated,
      // Audio arrives with the music engine (issue 5); until then the unit says it has none.
      ports: {
        audio: { adapter: 'none', ok: false },
        light: light.status(),
        pulse: pulse.status(),
        remote: remote.status(),
      },
      calibration: this.o.calibration,
    };
  }

  /** A session the state dir still holds was cut off by a restart: close it as a fault. */
  private async closeInterruptedSession(): Promise<void> {
    const leftover = this.o.stateDir.activeSession();
    if (!leftover) return;
    const endedAt = Math.max(leftover.started_at, this.o.stateDir.lastTs);
    const durationS = (endedAt - leftover.started_at) / 1000;
    this.o.log.warn({ session_id: leftover.session_id }, 'closing a session interrupted by a restart');
    await this.o.telemetry.publishSessionEvent({
      type: 'stopped',
      session_id: leftover.session_id,
      end_reason: 'fault',
      duration_s: durationS,
    });
    // What the cut-off session measured went out in its samples; its report has no statistics.
    await this.o.telemetry.publishSessionReport(
      new SessionTally(leftover.session_id, leftover.started_at).report(endedAt, 'fault'),
    );
    this.o.stateDir.setActiveSession(undefined);
  }

  private recordFault(port: Fault['port'], err: unknown): void {
    const raw = (err as Partial<NocturneError>).code;
    const code = typeof raw === 'string' && /^E_[A-Z0-9_]+$/.test(raw) ? raw : 'E_PORT_FAILED';
    const message = errorMessage(err).slice(0, 500);
    this.o.log.error({ port, code, err: message }, 'port fault');
    this.faults.set(`${port}:${code}`, { code, port, message, since: this.o.clock.now() });
  }

  private portEntries(): [Fault['port'], Port][] {
    const { pulse, light, remote } = this.o.ports;
    return [
      ['pulse', pulse],
      ['light', light],
      ['remote', remote],
    ];
  }

  /** Runs a promise from a timer or listener: a failure is logged, never an unhandled rejection. */
  private run(promise: Promise<unknown>, what: string): void {
    promise.catch((err: unknown) => this.o.log.error({ err: errorMessage(err) }, `${what} failed`));
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
