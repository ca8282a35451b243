import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { DurableKind } from '../../shared/topics.js';
import type { Outbox, OutboxRow } from './outbox.js';

export interface OutboxPublisherOptions {
  outbox: Outbox;
  clock: Clock;
  log: Logger;
  /** Publishes with QoS 1; resolves on PUBACK. */
  send(kind: DurableKind, json: string): Promise<void>;
  /** Messages handed to the broker and not yet acknowledged, at most. */
  window?: number;
  /** Backlog pace, messages per second of the unit's clock, so live `state` is never starved. */
  backlogPerSecond?: number;
}

const DEFAULT_WINDOW = 8;
const DEFAULT_BACKLOG_PER_S = 20;

/**
 * Drains the outbox in order while the broker is reachable: seals each message with its `seq`,
 * publishes it, and removes it on PUBACK. A small window of unacknowledged messages and a paced
 * backlog leave room on the connection for live state. After a restart every stored message is
 * sent again (with the `seq` it already had); ingest is idempotent, so a repeat is harmless.
 */
export class OutboxPublisher {
  private connected = false;
  private stopped = true;
  /** Highest outbox id handed to the client in this process. */
  private cursor = 0;
  private readonly inFlight = new Set<number>();
  /** Messages whose publish failed before a PUBACK; sent again first. */
  private readonly retry = new Set<number>();
  private tokens: number;
  private refilledAt: number;
  private wakeTimer: Timer | undefined;
  private readonly drained = new Set<() => void>();

  constructor(private readonly o: OutboxPublisherOptions) {
    this.tokens = this.window;
    this.refilledAt = o.clock.monotonic();
  }

  private get window(): number {
    return this.o.window ?? DEFAULT_WINDOW;
  }

  start(): void {
    this.stopped = false;
  }

  stop(): void {
    this.stopped = true;
    this.connected = false;
    this.wakeTimer?.cancel();
    this.wakeTimer = undefined;
    this.resolveDrained();
  }

  /** The link is up (again): send what is waiting. */
  connectionUp(): void {
    this.connected = true;
    this.pump();
  }

  connectionDown(): void {
    this.connected = false;
  }

  /** A message was added to the outbox. */
  notify(): void {
    this.pump();
  }

  /** Resolves once nothing is waiting or in flight (or the publisher stops). */
  whenDrained(): Promise<void> {
    if (this.o.outbox.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.add(resolve));
  }

  private pump(): void {
    while (!this.stopped && this.connected && this.inFlight.size < this.window) {
      const row = this.nextRow();
      if (!row) return;
      if (!this.takeToken()) {
        this.wakeLater();
        return;
      }
      this.publish(row);
    }
  }

  private nextRow(): OutboxRow | undefined {
    for (const id of [...this.retry].sort((a, b) => a - b)) {
      this.retry.delete(id);
      const row = this.o.outbox.after(id - 1, 1)[0];
      if (row?.id === id) return row;
    }
    return this.o.outbox.after(this.cursor, 1)[0];
  }

  /** A token bucket on the unit's clock: bursts up to the window, then the backlog pace. */
  private takeToken(): boolean {
    const now = this.o.clock.monotonic();
    const rate = (this.o.backlogPerSecond ?? DEFAULT_BACKLOG_PER_S) / 1000;
    this.tokens = Math.min(this.window, this.tokens + (now - this.refilledAt) * rate);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private wakeLater(): void {
    if (this.wakeTimer) return;
    const rate = this.o.backlogPerSecond ?? DEFAULT_BACKLOG_PER_S;
    this.wakeTimer = this.o.clock.setTimeout(
      () => {
        this.wakeTimer = undefined;
        this.pump();
      },
      Math.ceil(1000 / rate),
    );
  }

  private publish(row: OutboxRow): void {
    let sealed: ReturnType<Outbox['seal']>;
    try {
      sealed = this.o.outbox.seal(row);
    } catch (err) {
      this.o.log.error({ err: errorMessage(err), id: row.id }, 'cannot seal an outbox message');
      return;
    }
    this.cursor = Math.max(this.cursor, row.id);
    this.inFlight.add(row.id);
    this.o.send(sealed.kind, sealed.json).then(
      () => {
        this.inFlight.delete(row.id);
        try {
          this.o.outbox.ack(row.id);
        } catch (err) {
          // The state dir closed first (shutdown): the message is sent again after the restart.
          this.o.log.warn(
            { err: errorMessage(err), seq: sealed.seq },
            'could not remove an acknowledged message',
          );
          return;
        }
        if (this.o.outbox.pending === 0) this.resolveDrained();
        this.pump();
      },
      (err: unknown) => {
        this.inFlight.delete(row.id);
        this.retry.add(row.id);
        this.o.log.warn({ err: errorMessage(err), seq: sealed.seq }, 'publish failed; will send again');
      },
    );
  }

  private resolveDrained(): void {
    for (const resolve of this.drained) resolve();
    this.drained.clear();
  }
}
