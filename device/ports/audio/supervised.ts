import type { Clock, Timer } from '../../../shared/clock.js';
import type { NocturneError } from '../../../shared/errors.js';
import { Listeners } from '../../../shared/listeners.js';
import type { PortStatus } from '../port.js';
import { type AudioSink, type AudioSinkStats, PCM_BYTES_PER_FRAME, PCM_SAMPLE_RATE } from './index.js';

/** How long stop() lets a device play out what it holds before dropping it. */
const STOP_TIMEOUT_MS = 3000;
/**
 * A reopened device counts as recovered once it has run this long: only then is the retry delay
 * reset and a later failure reported again (a crash-looping device backs off and reports once).
 */
const HEALTHY_MS = 5000;

/** An open sound device (a child process, or `speaker`'s stream), as the supervisor sees it. */
export interface DeviceHandle {
  write(pcm: Buffer): void;
  /** Bytes accepted but not yet played. */
  queuedBytes(): number;
  /** Lets queued audio play out, then closes. */
  end(): Promise<void>;
  /** Drops the device at once (after it failed). */
  destroy(): void;
  /** Identifies this opening in status, e.g. the child's pid. */
  detail(): Record<string, unknown>;
}

/** Opens the device; calls `onFailure` at most once if it fails later. Rejects if it cannot open. */
export type DeviceOpener = (onFailure: (err: NocturneError) => void) => Promise<DeviceHandle>;

export interface SupervisorOptions {
  /** Adapter name for status, e.g. "aplay". */
  adapter: string;
  clock: Clock;
  open: DeviceOpener;
  /** Audio queued beyond this is dropped rather than buffered without bound (a stalled device). */
  maxQueueMs?: number;
  /** First retry after a failure; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * Keeps a sound device going for the whole session: opens it, reports a failure through
 * `onFault` (once per run of failures, not once per retry), drops audio while the device is down,
 * and reopens it with backoff on the unit's Clock. What the sinks share; `aplay` and `speaker`
 * only say how to open.
 */
export class SupervisedSink implements AudioSink {
  private handle: DeviceHandle | undefined;
  private failure: NocturneError | undefined;
  private retryTimer: Timer | undefined;
  private healthyTimer: Timer | undefined;
  /** Set from a failure until a device has run HEALTHY_MS: faults in between are not re-reported. */
  private failing = false;
  private retryMs: number;
  private running = false;
  private opening: Promise<void> | undefined;
  private readonly counts = { framesWritten: 0, framesDropped: 0, restarts: 0, opens: 0 };
  private readonly faults = new Listeners<NocturneError>();
  private readonly maxQueueBytes: number;

  constructor(private readonly o: SupervisorOptions) {
    this.retryMs = o.retryMs ?? 500;
    this.maxQueueBytes = Math.round(((o.maxQueueMs ?? 2000) / 1000) * PCM_SAMPLE_RATE) * PCM_BYTES_PER_FRAME;
  }

  /** Opens the device. If it cannot, the error is thrown and the sink keeps retrying anyway. */
  async start(): Promise<void> {
    this.running = true;
    await this.connect();
    if (this.failure) throw this.failure;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.retryTimer?.cancel();
    this.retryTimer = undefined;
    this.healthyTimer?.cancel();
    this.healthyTimer = undefined;
    await this.opening;
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await this.endWithin(handle, STOP_TIMEOUT_MS);
    this.faults.clear();
  }

  write(pcm: Buffer): boolean {
    const frames = pcm.length / PCM_BYTES_PER_FRAME;
    const handle = this.handle;
    if (!handle || handle.queuedBytes() + pcm.length > this.maxQueueBytes) {
      this.counts.framesDropped += frames;
      return false;
    }
    handle.write(pcm);
    this.counts.framesWritten += frames;
    return true;
  }

  stats(): AudioSinkStats {
    const { framesWritten, framesDropped, restarts } = this.counts;
    return { framesWritten, framesDropped, restarts };
  }

  status(): PortStatus {
    const detail = { ...this.stats(), ...this.handle?.detail() };
    if (this.failure) return { adapter: this.o.adapter, ok: false, code: this.failure.code, detail };
    return { adapter: this.o.adapter, ok: this.handle !== undefined, detail };
  }

  onFault(listener: (err: NocturneError) => void): () => void {
    return this.faults.add(listener);
  }

  /** Lets the device play out, but a hung device cannot hold up shutdown. */
  private async endWithin(handle: DeviceHandle, ms: number): Promise<void> {
    const abort = new AbortController();
    let timedOut = false;
    const timeout = this.o.clock.sleep(ms, abort.signal).then(
      () => {
        timedOut = true;
      },
      () => {},
    );
    await Promise.race([handle.end(), timeout]);
    abort.abort();
    if (timedOut) handle.destroy();
  }

  private connect(): Promise<void> {
    this.opening = this.open().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async open(): Promise<void> {
    let handle: DeviceHandle | undefined;
    let early: NocturneError | undefined;
    let failed = false;
    const onFailure = (err: NocturneError) => {
      if (failed) return;
      failed = true;
      if (handle !== undefined && this.handle === handle) this.onDeviceFailed(err);
      else early = err;
    };
    try {
      handle = await this.o.open(onFailure);
      if (early) throw early;
      if (!this.running) {
        handle.destroy();
        return;
      }
      if (this.counts.opens++ > 0) this.counts.restarts++;
      this.handle = handle;
      this.failure = undefined;
      this.healthyTimer = this.o.clock.setTimeout(() => {
        this.healthyTimer = undefined;
        this.failing = false;
        this.retryMs = this.o.retryMs ?? 500;
      }, HEALTHY_MS);
    } catch (err) {
      handle?.destroy();
      this.onDeviceFailed(err as NocturneError);
    }
  }

  private onDeviceFailed(err: NocturneError): void {
    this.handle?.destroy();
    this.handle = undefined;
    this.healthyTimer?.cancel();
    this.healthyTimer = undefined;
    this.failure = err;
    if (!this.failing) {
      this.failing = true;
      this.faults.emit(err);
    }
    if (!this.running) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.o.maxRetryMs ?? 30_000, this.retryMs * 2);
    this.retryTimer = this.o.clock.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.running) void this.connect();
    }, wait);
  }
}
