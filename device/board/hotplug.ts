import { type FSWatcher, watch } from 'node:fs';
import type { Clock, Timer } from '../../shared/clock.js';
import type { NocturneError } from '../../shared/errors.js';

export interface HotplugOptions<H> {
  clock: Clock;
  /** Opens the device, or resolves undefined when it is not plugged in. */
  open(): Promise<H | undefined>;
  /** Called with each opened handle; return a function that detaches from it. */
  attach(handle: H, lost: (err: unknown) => void): () => void;
  close(handle: H): Promise<void>;
  /** Reported once per outage: the device is gone or cannot be opened. */
  fault(err: NocturneError): void;
  /** Makes a coded error from whatever open() threw (or undefined for "not plugged in"). */
  describe(err: unknown): NocturneError;
  /** Device nodes to watch, e.g. /^hidraw\d+$/ in /dev. */
  watch: { dir: string; pattern: RegExp };
  /** Wait after a node appears before opening it (udev is still setting its group), ms. */
  settleMs?: number;
  /** Fallback retry when no node event arrives, ms: a slow safety net, not a polling loop. */
  retryMs?: number;
}

/**
 * Keeps a USB device open across unplug and replug. It opens when a matching node appears in /dev
 * (inotify through fs.watch), after a short settle, with a slow fallback retry — never by
 * enumerating in a tight loop. A lost device is a fault once, then the wait begins again.
 */
export class HotplugDevice<H> {
  private handle: H | undefined;
  private detach: (() => void) | undefined;
  private watcher: FSWatcher | undefined;
  private timer: Timer | undefined;
  private running = false;
  private connecting = false;
  private faulted = false;
  private lastError: NocturneError | undefined;

  constructor(private readonly o: HotplugOptions<H>) {}

  get connected(): boolean {
    return this.handle !== undefined;
  }

  get error(): NocturneError | undefined {
    return this.lastError;
  }

  /** Tries to open at once; a missing device is not an error here (it may be plugged in later). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      this.watcher = watch(this.o.watch.dir, (_event, name) => {
        if (name && this.o.watch.pattern.test(String(name))) this.schedule(this.o.settleMs ?? 500);
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // No /dev to watch (a container): the slow retry still finds the device.
    }
    await this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    this.watcher?.close();
    this.watcher = undefined;
    await this.drop();
  }

  private schedule(ms: number): void {
    if (!this.running || this.handle !== undefined) return;
    this.timer?.cancel();
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, ms);
  }

  private async connect(): Promise<void> {
    if (!this.running || this.connecting || this.handle !== undefined) return;
    this.connecting = true;
    try {
      const handle = await this.o.open();
      if (handle === undefined) {
        this.failed(this.o.describe(undefined));
      } else if (!this.running) {
        await this.o.close(handle).catch(() => undefined);
      } else {
        this.handle = handle;
        this.faulted = false;
        this.lastError = undefined;
        this.detach = this.o.attach(handle, (err) => void this.lost(err));
      }
    } catch (err) {
      this.failed(this.o.describe(err));
    } finally {
      this.connecting = false;
    }
    if (this.handle === undefined) this.schedule(this.o.retryMs ?? 30_000);
  }

  private async lost(err: unknown): Promise<void> {
    if (this.handle === undefined) return;
    await this.drop();
    this.failed(this.o.describe(err));
    this.schedule(this.o.retryMs ?? 30_000);
  }

  private async drop(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.detach?.();
    this.detach = undefined;
    if (handle !== undefined) await this.o.close(handle).catch(() => undefined);
  }

  private failed(err: NocturneError): void {
    this.lastError = err;
    if (this.faulted) return;
    this.faulted = true;
    this.o.fault(err);
  }
}
