/**
 * The one source of time. Everything that reads the time or waits goes through a Clock, so tests
 * and demos can run hours of sessions in seconds, deterministically (DESIGN.md "One Clock").
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Wall-clock time in ms since the Unix epoch, UTC. What payloads carry as `ts`. */
  now(): number;
  /** Monotonic time in ms from an arbitrary origin; never jumps (use it to measure intervals). */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): Timer;
  setInterval(fn: () => void, ms: number): Timer;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function sleepOn(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      timer.cancel();
      reject(signal?.reason);
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The real time of this machine. */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }
  monotonic(): number {
    return performance.now();
  }
  setTimeout(fn: () => void, ms: number): Timer {
    const handle = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(handle) };
  }
  setInterval(fn: () => void, ms: number): Timer {
    const handle = setInterval(fn, Math.max(1, ms));
    return { cancel: () => clearInterval(handle) };
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }
}

/**
 * Real time sped up by `speed`, starting at `startMs`: what `--speed N` runs on. Timers fire after
 * `ms / speed` of real time, so a 45-minute session at speed 60 takes 45 s.
 */
export class ScaledClock implements Clock {
  private readonly origin = performance.now();

  constructor(
    readonly speed: number,
    private readonly startMs: number = Date.now(),
  ) {
    if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
  }

  now(): number {
    return Math.floor(this.startMs + this.monotonic());
  }
  monotonic(): number {
    return (performance.now() - this.origin) * this.speed;
  }
  setTimeout(fn: () => void, ms: number): Timer {
    const handle = setTimeout(fn, Math.max(0, ms / this.speed));
    return { cancel: () => clearTimeout(handle) };
  }
  setInterval(fn: () => void, ms: number): Timer {
    const handle = setInterval(fn, Math.max(1, ms / this.speed));
    return { cancel: () => clearInterval(handle) };
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }
}

interface Scheduled {
  id: number;
  due: number;
  fn: () => void;
  every?: number;
}

/**
 * A clock that moves only when told to. Timers fire in due order (ties in creation order), each
 * with `now()` set to its due time, so runs are deterministic.
 */
export class VirtualClock implements Clock {
  private current: number;
  private nextId = 1;
  private queue: Scheduled[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1, 21, 0, 0)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }
  monotonic(): number {
    return this.current;
  }
  get pendingTimers(): number {
    return this.queue.length;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    return this.schedule({ id: this.nextId++, due: this.current + Math.max(0, ms), fn });
  }
  setInterval(fn: () => void, ms: number): Timer {
    const every = Math.max(1, ms);
    return this.schedule({ id: this.nextId++, due: this.current + every, fn, every });
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Moves time forward by `ms`, running every timer that falls due, synchronously. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (let next = this.takeDue(target); next; next = this.takeDue(target)) this.fire(next);
    this.current = target;
  }

  /**
   * Like `advance`, but lets promise continuations run after each timer, so async code that
   * sleeps on this clock makes progress as time moves.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.current + ms;
    await flushMicrotasks();
    for (let next = this.takeDue(target); next; next = this.takeDue(target)) {
      this.fire(next);
      await flushMicrotasks();
    }
    this.current = target;
  }

  private schedule(entry: Scheduled): Timer {
    this.insert(entry);
    return {
      cancel: () => {
        this.queue = this.queue.filter((e) => e.id !== entry.id);
      },
    };
  }

  private insert(entry: Scheduled): void {
    let i = this.queue.length;
    while (i > 0 && (this.queue[i - 1] as Scheduled).due > entry.due) i--;
    this.queue.splice(i, 0, entry);
  }

  private takeDue(target: number): Scheduled | undefined {
    const head = this.queue[0];
    if (!head || head.due > target) return undefined;
    this.queue.shift();
    return head;
  }

  private fire(entry: Scheduled): void {
    this.current = Math.max(this.current, entry.due);
    if (entry.every !== undefined) this.insert({ ...entry, due: entry.due + entry.every });
    entry.fn();
  }
}

function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
