import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage, NocturneError } from '../../shared/errors.js';
import { Listeners } from '../../shared/listeners.js';
import { DeviceErrorCode } from '../errors/codes.js';
import type { AudioSink } from '../ports/audio/index.js';
import { PcmEncoder } from '../ports/audio/pcm.js';
import type { Port, PortStatus } from '../ports/port.js';
import type { MusicControl } from './control.js';
import { MAX_BLOCK, MusicEngine, type MusicEngineOptions, type MusicSnapshot } from './engine.js';
import { msToFrames, SAMPLE_RATE } from './format.js';
import { MUTE_MS } from './gain.js';
import { TruePeakLimiter } from './limiter.js';
import type { MusicSource } from './source.js';

/** What stop() adds when the music is still audible: the mute, the limiter's delay, 10 ms of silence. */
export const STOP_TAIL_FRAMES = msToFrames(MUTE_MS) + TruePeakLimiter.latency + msToFrames(10);

export interface MusicPlayerOptions extends MusicEngineOptions {
  clock: Clock;
  sink: AudioSink;
  /** How often the player wakes to render, ms of clock time. */
  blockMs?: number;
  /**
   * How far ahead of the clock audio is rendered, ms: a real device needs a cushion against
   * scheduling jitter (default 200); a virtual clock needs none (0 = every change lands on the
   * exact frame of the clock time it was made at).
   */
  leadMs?: number;
}

/**
 * Plays the music chain into a sink at the pace of the unit's Clock: every `blockMs` it renders
 * the frames that are due (plus the lead) and writes them. A control call first renders up to
 * the clock's present, so a change takes effect on the frame of the clock time it is made at:
 * on a VirtualClock a whole session renders offline, frame-exact and as fast as the CPU allows;
 * on a real clock the same code keeps a device fed in real time.
 *
 * Audio faults never escape: the sink reports them through `onFault` and keeps going. It is the
 * unit's `audio` port: start()/stop()/status()/onFault() as every port.
 */
export class MusicPlayer implements MusicControl, Port {
  readonly engine: MusicEngine;
  private timer: Timer | undefined;
  private startMs = 0;
  private running = false;
  private readonly faults = new Listeners<NocturneError>();
  private unsubscribeSink: (() => void) | undefined;
  private readonly pcm = new PcmEncoder();

  constructor(private readonly o: MusicPlayerOptions) {
    this.engine = new MusicEngine(o);
  }

  /** Starts the sink and the clock-paced rendering. A sink that cannot start is reported, not thrown. */
  async start(): Promise<void> {
    this.begin();
    await this.o.sink.start().catch((err: unknown) => this.faults.emit(asFault(err)));
  }

  /**
   * Starts clock-paced rendering now, into a sink the caller has started already. Offline
   * rendering calls it at the very moment the session starts, so the file holds the session only.
   */
  begin(): void {
    if (this.running) return;
    this.unsubscribeSink = this.o.sink.onFault((err) => this.faults.emit(err));
    this.running = true;
    this.startMs = this.o.clock.monotonic() - (this.engine.framesRendered * 1000) / SAMPLE_RATE;
    this.timer = this.o.clock.setInterval(() => this.pump(), this.o.blockMs ?? 20);
  }

  /**
   * Renders what is due, ends in silence (a click-free mute if the music is still audible or
   * still muting), then stops the sink, which plays out what it holds.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.pump();
    this.writeSilentTail();
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    await this.o.sink.stop();
    this.unsubscribeSink?.();
    this.faults.clear();
  }

  /** The sink's status: what `info.ports.audio` reports. */
  status(): PortStatus {
    return this.o.sink.status();
  }

  onFault(listener: (err: NocturneError) => void): () => void {
    return this.faults.add(listener);
  }

  /** What plays next; null = nothing (silence, and no rendering work). */
  load(source: MusicSource | null): void {
    this.pump();
    this.engine.setSource(source);
  }

  setTempo(bpm: number, glideMs: number): void {
    this.pump();
    this.engine.setTempo(bpm, glideMs);
  }

  setVolume(dba: number | null, rampMs: number): void {
    this.pump();
    this.engine.setVolume(dba, rampMs);
  }

  mute(): void {
    this.pump();
    this.engine.mute();
  }

  snapshot(): MusicSnapshot {
    return this.engine.snapshot();
  }

  private writeSilentTail(): void {
    const { volumeDba, muting } = this.engine.snapshot();
    if (volumeDba === null && !muting) return;
    this.engine.mute();
    this.write(STOP_TAIL_FRAMES);
  }

  /** Renders and writes every frame due by now (plus the lead). */
  pump(): void {
    if (!this.running) return;
    const lead = ((this.o.leadMs ?? 200) * SAMPLE_RATE) / 1000;
    const due = Math.floor(((this.o.clock.monotonic() - this.startMs) * SAMPLE_RATE) / 1000 + lead);
    this.write(due - this.engine.framesRendered);
  }

  private write(frames: number): void {
    for (let todo = frames; todo > 0; todo -= MAX_BLOCK) {
      const n = Math.min(MAX_BLOCK, todo);
      const block = this.engine.render(n);
      this.o.sink.write(this.pcm.encode(block.left, block.right, n));
    }
  }
}

function asFault(err: unknown): NocturneError {
  return err instanceof NocturneError
    ? err
    : new NocturneError(DeviceErrorCode.AudioSinkFailed, errorMessage(err));
}
