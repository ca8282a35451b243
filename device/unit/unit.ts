import { randomBytes } from 'node:crypto';
import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import { Listeners } from '../../shared/listeners.js';
import type { Logger } from '../../shared/log.js';
import type { EndReason, Fault, StartTrigger } from '../../shared/schemas/common.js';
import type { Info } from '../../shared/schemas/info.js';
import type { ProtocolStamp } from '../../shared/schemas/protocol.js';
import type { SessionReportBody } from '../../shared/schemas/session-report.js';
import { DeviceErrorCode } from '../errors/codes.js';
import type { PresetName } from '../music/generative/presets.js';
import type { Port } from '../ports/port.js';
import type { PulseBatch } from '../ports/pulse/index.js';
import type { RemoteButton } from '../ports/remote/index.js';
import type { UnitPorts } from '../ports/unit-ports.js';
import { FileBaselineStore } from '../program/baseline-store.js';
import { type ProgramParams, PULSE_LOST_MS } from '../program/params.js';
import { ProgramRunner, type SessionEventOut } from '../program/runner.js';
import { deviceHeartRate } from '../signal/device-heart-rate.js';
import type { HeartRateEstimate } from '../signal/estimate.js';
import { HeartRateTracker } from '../signal/heart-rate-tracker.js';
import { RhythmWatch } from '../signal/rhythm-watch.js';
import type { UnitTelemetry } from '../telemetry/index.js';
import type { StateDir } from '../telemetry/state-dir.js';
import { FaultBook } from './faults.js';
import { closeInterruptedSession } from './interrupted-session.js';
import { PulseWatch } from './pulse-watch.js';
import { sessionEventBody } from './session-events.js';
import type { UnitAudio } from './unit-audio.js';
import { infoView, stateView } from './views.js';

export interface UnitOptions {
  id: string;
  clock: Clock;
  log: Logger;
  ports: UnitPorts;
  telemetry: UnitTelemetry;
  stateDir: StateDir;
  program: ProgramParams;
  /** Sound: without it the program still drives light, events and reports (a simulated unit). */
  audio?: UnitAudio;
  firmware: string;
  simulated: boolean;
  calibration: Info['calibration'];
  /** When the next scheduled session starts (the schedule runner), for `state`. */
  nextSessionAt?: () => number | null;
  /** Why scheduled sessions are held back now (the schedule runner), for `state`. */
  scheduleHold?: () => 'clock_unsynced' | null;
  /** The protocol a session runs when its start names none (a button, a command). */
  protocol?: ProtocolStamp;
}

/** What a session runs when its start brings its own program (a scheduled entry's protocol). */
export interface SessionProgram {
  protocol: ProtocolStamp;
  program?: ProgramParams;
  /** Generative music with this preset instead of the configured music. */
  preset?: PresetName;
}

export interface SessionSummary {
  sessionId: string;
  endReason: EndReason;
  durationS: number;
}

/** The retained state goes out this often at most (the link throttles it further to ≤ 2 Hz). */
const STATE_EVERY_MS = 1000;
/** After a session the music is unloaded this much later, once the mute has run its course. */
const UNLOAD_AFTER_MS = 1000;

/**
 * The bedside unit: runs sessions through the wind-down program, reads the pulse and reports
 * everything through its telemetry. It owns no hardware: ports come from the composition root,
 * so the same unit runs on a Pi and simulated.
 */
export class Unit {
  private runner: ProgramRunner | undefined;
  private heartRate: HeartRateEstimate | undefined;
  private readonly heartRateTracker = new HeartRateTracker();
  private readonly rhythm = new RhythmWatch();
  private stateTimer: Timer | undefined;
  /** Durable session messages in flight: awaited before a start or stop returns. */
  private publishing: Promise<void> = Promise.resolve();
  private readonly faults: FaultBook;
  private readonly pulseWatch: PulseWatch;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly started = new Listeners<string>();
  private readonly ended = new Listeners<SessionSummary>();
  /** The protocol of the session in progress, for its report. */
  private sessionProtocol: ProtocolStamp | undefined;
  /** The generative preset of the session in progress, when its start chose one. */
  private sessionPreset: PresetName | undefined;

  constructor(private readonly o: UnitOptions) {
    this.faults = new FaultBook(o.clock, o.log);
    this.pulseWatch = new PulseWatch(o.program.minQuality);
  }

  async start(): Promise<void> {
    for (const [name, port] of this.portEntries()) {
      this.unsubscribe.push(port.onFault((err) => this.recordFault(name, err)));
      await port.start().catch((err: unknown) => this.recordFault(name, err));
    }
    this.unsubscribe.push(
      this.o.ports.pulse.onBatch((batch) => this.onPulseBatch(batch)),
      this.o.ports.remote.onPress((button) => this.onButton(button)),
    );
    await this.o.telemetry.start();
    this.o.telemetry.publishInfo(this.info());
    await closeInterruptedSession(this.o);
    this.runner = this.startProgram();
    this.stateTimer = this.o.clock.setInterval(() => this.publishState(), STATE_EVERY_MS);
    this.publishState();
  }

  /** Graceful shutdown: a session in progress ends now as a fault (it did not run its course). */
  async stop(): Promise<void> {
    this.stateTimer?.cancel();
    this.stateTimer = undefined;
    await this.stopSession('fault');
    this.runner?.stop();
    this.runner = undefined;
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
    return this.runner?.inSession ?? false;
  }

  onSessionStarted(listener: (sessionId: string) => void): () => void {
    return this.started.add(listener);
  }

  onSessionEnded(listener: (summary: SessionSummary) => void): () => void {
    return this.ended.add(listener);
  }

  /** Starts a session (as the start button would); undefined if one is running already. */
  async startSession(trigger: StartTrigger, session?: SessionProgram): Promise<string | undefined> {
    if (this.inSession) return undefined;
    if (session?.program && !this.runner?.useParams(session.program)) return undefined;
    // Set before the start: the music loads as the session starts.
    this.sessionPreset = session?.preset;
    const outcome = this.runner?.command({ name: 'start', trigger });
    if (!outcome?.accepted) {
      this.runner?.useParams(this.o.program);
      this.sessionPreset = undefined;
      return undefined;
    }
    this.sessionProtocol = session?.protocol;
    const id = this.runner?.sessionId;
    await this.publishing;
    return id;
  }

  /** Stops the session in progress at once: silence and darkness, then the events and the report. */
  async stopSession(reason: Extract<EndReason, 'button' | 'command' | 'fault'>): Promise<void> {
    const runner = this.runner;
    if (!runner?.inSession) return;
    if (reason === 'command') runner.command({ name: 'stop' });
    else if (reason === 'button') runner.button('start_stop');
    else {
      const message = 'the unit stopped during the session';
      runner.fault(
        { code: DeviceErrorCode.UnitStopping, port: 'unit', message, since: this.o.clock.now() },
        true,
      );
    }
    await this.publishing;
  }

  /** Snoozes the session in progress (it pauses, then fades back in); returns why not, if it did not. */
  snooze(minutes?: number): string | undefined {
    const outcome = this.runner?.command({ name: 'snooze', minutes });
    if (!outcome) return 'the unit is not running';
    return outcome.accepted ? undefined : outcome.reason;
  }

  /** The program: its events, samples and report go out through the telemetry. */
  private startProgram(): ProgramRunner {
    const runner = new ProgramRunner({
      clock: this.o.clock,
      params: this.o.program,
      light: this.o.ports.light,
      music: this.o.audio?.player,
      baselines: FileBaselineStore.open(this.o.stateDir.path),
      newSessionId: () => `s${this.o.clock.now().toString(36)}${randomBytes(3).toString('hex')}`,
      log: this.o.log,
    });
    this.unsubscribe.push(
      runner.onEvent((e) => this.onProgramEvent(e)),
      runner.onSamples((batch) => this.publish(this.o.telemetry.publishSessionSamples(batch), 'samples')),
      runner.onReport((report) => this.onReport(report)),
    );
    runner.start();
    return runner;
  }

  private onProgramEvent({ sessionId, event }: SessionEventOut): void {
    if (event.kind === 'started') {
      const { trigger, planned_s } = event;
      const started_at = this.o.clock.now();
      this.o.stateDir.setActiveSession({ session_id: sessionId, started_at, planned_s, trigger });
      this.loadMusic(sessionId);
      this.pulseWatch.sessionStarted(started_at);
    }
    const body = sessionEventBody(sessionId, event);
    if (body) this.publish(this.o.telemetry.publishSessionEvent(body), 'event');
    if (event.kind === 'started') this.started.emit(sessionId);
    this.publishState();
  }

  /** The session's music, loaded while the program fades in from silence. */
  private loadMusic(sessionId: string): void {
    const audio = this.o.audio;
    if (!audio) return;
    const startBpm = this.runner?.levels().tempoBpm ?? 72;
    audio.music.sourceFor(sessionId, startBpm, this.sessionPreset).then(
      (source) => {
        if (this.runner?.sessionId === sessionId) audio.player.load(source);
      },
      (err: unknown) => this.recordFault('audio', err),
    );
  }

  /** Unloads the music once the session's final mute has played out. */
  private unloadMusic(): void {
    const audio = this.o.audio;
    if (!audio) return;
    this.o.clock.setTimeout(() => {
      if (this.inSession) return;
      audio.player.load(null);
      audio.music.release().catch((err: unknown) => this.recordFault('audio', err));
    }, UNLOAD_AFTER_MS);
  }

  private onReport(report: SessionReportBody): void {
    this.unloadMusic();
    const music = this.o.audio?.music.description(this.sessionPreset);
    this.sessionPreset = undefined;
    const withMusic = {
      ...report,
      ...(music ? { params: { ...report.params, music } } : {}),
      ...((this.sessionProtocol ?? this.o.protocol)
        ? { protocol: this.sessionProtocol ?? this.o.protocol }
        : {}),
    };
    this.sessionProtocol = undefined;
    // The next session without a program of its own runs the unit's configured one again.
    this.runner?.useParams(this.o.program);
    this.publish(this.o.telemetry.publishSessionReport(withMusic), 'report');
    this.o.stateDir.setActiveSession(undefined);
    this.pulseWatch.sessionEnded();
    this.faults.clear('pulse', DeviceErrorCode.PulseNoSignal);
    this.ended.emit({
      sessionId: report.session_id,
      endReason: report.end_reason,
      durationS: report.duration_s,
    });
    this.publishState();
  }

  /** Waveform batches go through the beat detector; HR-only devices report their own value. */
  private onPulseBatch(batch: PulseBatch): void {
    if (batch.value.length > 0) {
      for (const estimate of this.heartRateTracker.push(batch)) this.onHeartRate(estimate);
      return;
    }
    const estimate = deviceHeartRate(batch);
    if (estimate) this.onHeartRate(estimate);
  }

  /** Keeps a durable publication in the chain that start/stop await; a failure is logged. */
  private publish(promise: Promise<void>, what: string): void {
    const settled = promise.catch((err: unknown) =>
      this.o.log.error({ err: errorMessage(err) }, `publishing session ${what} failed`),
    );
    this.publishing = Promise.all([this.publishing, settled]).then(() => undefined);
  }

  private onHeartRate(estimate: HeartRateEstimate): void {
    this.heartRate = estimate;
    this.pulseWatch.estimate(estimate);
    this.rhythm.add(estimate);
    this.runner?.heartRate(estimate);
  }

  /** Straight into the program, synchronously: a stop silences and darkens before this returns. */
  private onButton(button: RemoteButton): void {
    this.o.log.info({ button }, 'button');
    this.runner?.button(button);
  }

  private currentBpm(): number | null {
    const hr = this.heartRate;
    if (!hr || hr.bpm === null || this.o.clock.now() - hr.t > PULSE_LOST_MS) return null;
    return Math.round(hr.bpm);
  }

  private publishState(): void {
    this.watchPulse();
    this.o.telemetry.publishState(
      stateView({
        runner: this.runner,
        bpm: this.currentBpm(),
        rhythmIrregularity: this.rhythm.share(this.o.clock.now()),
        lightLevel: this.o.ports.light.level(),
        nextSessionAt: this.o.nextSessionAt?.() ?? null,
        scheduleHold: this.o.scheduleHold?.() ?? null,
        faults: this.currentFaults(),
      }),
    );
  }

  /** A pulse lost during a session is a fault on `state` until it returns (CLINICAL.md); the program goes on. */
  private watchPulse(): void {
    if (this.pulseWatch.lost(this.o.clock.now())) {
      this.faults.raise(
        'pulse',
        DeviceErrorCode.PulseNoSignal,
        'no valid pulse for 30 s: the session goes on by its timer',
      );
    } else {
      this.faults.clear('pulse', DeviceErrorCode.PulseNoSignal);
    }
  }

  private info() {
    return infoView({ ...this.o, ports: this.o.ports, audio: this.o.audio });
  }

  /** Faults still standing: a port that reports itself working again has recovered. */
  private currentFaults(): Fault[] {
    const ports = new Map(this.portEntries());
    return this.faults.current((port) => ports.get(port)?.status().ok === true);
  }

  private recordFault(port: Fault['port'], err: unknown): void {
    // Recorded before the program hears of it: at start-up there is no program yet.
    const fault = this.faults.portFailed(port, err);
    this.runner?.fault(fault, false);
  }

  private portEntries(): [Fault['port'], Port][] {
    const { pulse, light, remote } = this.o.ports;
    const entries: [Fault['port'], Port][] = [
      ['pulse', pulse],
      ['light', light],
      ['remote', remote],
    ];
    if (this.o.audio) entries.push(['audio', this.o.audio.player]);
    return entries;
  }
}
