import type { Clock, Timer } from '../../shared/clock.js';
import { Listeners } from '../../shared/listeners.js';
import type { Logger } from '../../shared/log.js';
import type { Fault, Phase } from '../../shared/schemas/common.js';
import type { SessionReportBody } from '../../shared/schemas/session-report.js';
import type { SessionSample } from '../../shared/schemas/session-samples.js';
import type { MusicControl } from '../music/control.js';
import type { RemoteButton } from '../ports/remote/index.js';
import type { HeartRateEstimate } from '../signal/estimate.js';
import type { BaselineStore } from './baseline-store.js';
import { initialState, isInSession, transition, withStoredBaseline } from './machine.js';
import type { ProgramLight } from './music.js';
import { type ProgramParams, SAMPLE_INTERVAL_MS } from './params.js';
import { levelAt } from './ramp.js';
import type { ProgramCommand, ProgramEffect, ProgramEvent, ProgramInput, ProgramState } from './types.js';

/** The program clock ticks this often: phase deadlines, ramps and samples move on it. */
export const TICK_MS = 1000;
/** A samples batch covers at most this long (DESIGN.md: every ≤ 10 s). */
const BATCH_MS = 10_000;

export interface ProgramRunnerOptions {
  clock: Clock;
  params: ProgramParams;
  light: ProgramLight;
  /** The music engine; without one the program still runs light, events and reports. */
  music?: MusicControl;
  baselines: BaselineStore;
  newSessionId: () => string;
  log?: Logger;
  /** Seed of the music and the simulation, recorded in the report. */
  seed?: string | number | null;
  /** The sample peak the audio path measured over the session, dBFS, if it measures one. */
  measuredPeakDbfs?: () => number | null;
}

export interface SessionEventOut {
  sessionId: string;
  event: ProgramEvent;
}

export interface SamplesBatch {
  session_id: string;
  interval_ms: number;
  samples: SessionSample[];
}

export interface Levels {
  phase: Phase;
  /** dB(A) at the pillow, null when silent. */
  volumeDba: number | null;
  light: number;
  tempoBpm: number | null;
}

/**
 * The thin shell around the pure program: feeds it the Clock's ticks, heart-rate estimates,
 * buttons, commands and faults, and carries out its effects at once, in order, through the music
 * engine and the light. Everything happens synchronously in the caller's turn, so a stop button
 * silences and darkens before `button()` returns.
 */
export class ProgramRunner {
  private state: ProgramState;
  private timer: Timer | undefined;
  private currentId: string | undefined;
  private batch: SessionSample[] = [];
  private readonly events = new Listeners<SessionEventOut>();
  private readonly sampleBatches = new Listeners<SamplesBatch>();
  private readonly reports = new Listeners<SessionReportBody>();
  private readonly effectLog = new Listeners<{ t: number; effect: ProgramEffect }>();

  constructor(private readonly o: ProgramRunnerOptions) {
    this.state = initialState(o.params);
  }

  start(): void {
    this.state = withStoredBaseline(this.state, this.o.baselines.get());
    this.timer = this.o.clock.setInterval(() => this.tick(), TICK_MS);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.events.clear();
    this.sampleBatches.clear();
    this.reports.clear();
    this.effectLog.clear();
  }

  get phase(): Phase {
    return this.state.phase;
  }

  get inSession(): boolean {
    return isInSession(this.state);
  }

  /**
   * Between sessions: the parameters the next session runs with (a scheduled entry's program).
   * Refused (false) during a session, whose parameters never change under it.
   */
  useParams(params: ProgramParams): boolean {
    if (this.inSession) return false;
    this.state = { ...this.state, params };
    return true;
  }

  /** The id of the session in progress. */
  get sessionId(): string | undefined {
    return this.currentId;
  }

  /** What is playing now, as the program commanded it. */
  levels(): Levels {
    const st = this.state;
    if (!isInSession(st)) return { phase: st.phase, volumeDba: null, light: 0, tempoBpm: null };
    const t = this.o.clock.now();
    const s = st.session;
    return {
      phase: st.phase,
      volumeDba: s.muted ? null : levelAt(s.volume, t),
      light: levelAt(s.light, t),
      tempoBpm: levelAt(s.tempo, t),
    };
  }

  onEvent(listener: (e: SessionEventOut) => void): () => void {
    return this.events.add(listener);
  }

  onSamples(listener: (batch: SamplesBatch) => void): () => void {
    return this.sampleBatches.add(listener);
  }

  onReport(listener: (report: SessionReportBody) => void): () => void {
    return this.reports.add(listener);
  }

  /** Every effect as it is carried out, with its time: the offline session's timeline. */
  onEffect(listener: (entry: { t: number; effect: ProgramEffect }) => void): () => void {
    return this.effectLog.add(listener);
  }

  tick(): void {
    this.feed({ type: 'tick', t: this.o.clock.now() });
  }

  heartRate(estimate: HeartRateEstimate): void {
    const t = this.o.clock.now();
    this.feed({
      type: 'heart_rate',
      t,
      bpm: estimate.bpm,
      quality: estimate.quality,
      irregular: estimate.irregular ?? null,
    });
  }

  /** A bedside button. Returns why it did nothing, if it did nothing. */
  button(button: RemoteButton): string | undefined {
    return this.feed({ type: 'button', t: this.o.clock.now(), button });
  }

  /** A remote command: accepted when it took effect, else rejected with the reason. */
  command(command: ProgramCommand): { accepted: true } | { accepted: false; reason: string } {
    const ignored = this.feed({ type: 'command', t: this.o.clock.now(), command });
    return ignored === undefined ? { accepted: true } : { accepted: false, reason: ignored };
  }

  fault(fault: Fault, fatal: boolean): void {
    this.feed({ type: 'fault', t: this.o.clock.now(), fault, fatal });
  }

  private feed(input: ProgramInput): string | undefined {
    const result = transition(this.state, input);
    this.state = result.state;
    for (const effect of result.effects) this.apply(input.t, effect);
    if (result.ignored !== undefined && input.type !== 'tick' && input.type !== 'heart_rate') {
      this.o.log?.info({ input: input.type, ignored: result.ignored }, 'program input ignored');
    }
    return result.ignored;
  }

  private apply(t: number, effect: ProgramEffect): void {
    const { music, light } = this.o;
    switch (effect.type) {
      case 'tempo':
        music?.setTempo(effect.bpm, effect.glideMs);
        break;
      case 'volume':
        music?.setVolume(effect.dba, effect.rampMs);
        break;
      case 'mute':
        music?.mute();
        break;
      case 'light':
        light.setLevel(effect.level, effect.rampMs);
        break;
      case 'event':
        this.onProgramEvent(effect.event);
        break;
      case 'sample':
        this.addSample(effect.sample);
        break;
      case 'report':
        this.finishSession(effect.report);
        break;
    }
    this.effectLog.emit({ t, effect });
  }

  private onProgramEvent(event: ProgramEvent): void {
    if (event.kind === 'started') this.currentId = this.o.newSessionId();
    const sessionId = this.currentId;
    if (sessionId === undefined) return;
    const { kind, ...detail } = event;
    this.o.log?.info({ session_id: sessionId, ...detail }, `program ${kind}`);
    this.events.emit({ sessionId, event });
  }

  private addSample(sample: SessionSample): void {
    this.batch.push(sample);
    const first = this.batch[0] as SessionSample;
    if (sample.t - first.t >= BATCH_MS - SAMPLE_INTERVAL_MS) this.flushSamples();
  }

  private flushSamples(): void {
    const sessionId = this.currentId;
    const samples = this.batch;
    this.batch = [];
    if (sessionId === undefined || samples.length === 0) return;
    this.sampleBatches.emit({ session_id: sessionId, interval_ms: SAMPLE_INTERVAL_MS, samples });
  }

  private finishSession(report: Omit<SessionReportBody, 'session_id' | 'seed' | 'peak_dbfs'>): void {
    this.flushSamples();
    const sessionId = this.currentId;
    this.currentId = undefined;
    if (report.baseline_session_bpm !== null)
      this.o.baselines.record(report.baseline_session_bpm, report.ended_at);
    this.state = withStoredBaseline(this.state, this.o.baselines.get());
    if (sessionId === undefined) return;
    this.reports.emit({
      ...report,
      session_id: sessionId,
      seed: this.o.seed ?? null,
      peak_dbfs: this.o.measuredPeakDbfs?.() ?? null,
    });
  }
}
