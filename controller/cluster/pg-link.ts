import type pg from 'pg';
import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import { Listeners } from '../../shared/listeners.js';
import type { Logger } from '../../shared/log.js';
import { ControllerErrorCode } from '../errors.js';

/** Advisory-lock namespace of Nocturne's controller processes (the first key of the two-int form). */
export const LOCK_NAMESPACE = 0x4e4f4354; // "NOCT"

/** The lock of the periodic work (gap detection, alerts, overdue watches, orphaned ingest sessions). */
export const LEADER_LOCK = 0;
/** Ingest slot n holds lock `INGEST_SLOT_LOCK + n`. */
export const INGEST_SLOT_LOCK = 1000;

const RECONNECT_MS = 2_000;

export interface PgLinkOptions {
  url: string;
  clock: Clock;
  log: Logger;
}

/**
 * The dedicated PostgreSQL connection of one controller process: session-level advisory locks
 * (released by the server when this connection ends, so a process that dies frees its locks) and
 * LISTEN/NOTIFY. Never from the pool: a pooled connection would take locks and listens elsewhere.
 * When the connection is lost every lock is gone: `onLost` tells the holders, and it reconnects.
 */
export class PgLink {
  private client: pg.Client | undefined;
  private readonly channels = new Map<string, Listeners<string>>();
  private readonly lost = new Listeners<void>();
  private readonly held = new Set<number>();
  private retry: Timer | undefined;
  private stopped = false;

  constructor(private readonly o: PgLinkOptions) {}

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.retry?.cancel();
    const client = this.client;
    this.client = undefined;
    this.held.clear();
    await client?.end().catch(() => undefined);
    this.lost.clear();
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  /** Called when the connection (and with it every lock) is lost. */
  onLost(listener: () => void): () => void {
    return this.lost.add(listener);
  }

  /** Whether this process holds lock `key` now. */
  holds(key: number): boolean {
    return this.held.has(key);
  }

  /** Takes lock `key` if no other session holds it; never waits. */
  async tryLock(key: number): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    // pg_try_advisory_lock is re-entrant within a session: never stack a lock we hold.
    if (this.held.has(key)) return true;
    const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [
      LOCK_NAMESPACE,
      key,
    ]);
    if (rows[0]?.ok) this.held.add(key);
    return rows[0]?.ok === true;
  }

  async unlock(key: number): Promise<void> {
    if (!this.held.delete(key)) return;
    await this.client?.query('select pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, key]);
  }

  /** Listens on `channel`; every process's NOTIFY on it reaches `listener`, this process's own too. */
  async listen(channel: string, listener: (payload: string) => void): Promise<() => void> {
    let set = this.channels.get(channel);
    if (!set) {
      set = new Listeners<string>();
      this.channels.set(channel, set);
      await this.client?.query(`listen ${quoteIdent(channel)}`);
    }
    return set.add(listener);
  }

  private async connect(): Promise<void> {
    const { default: pgModule } = await import('pg');
    const client = new pgModule.Client({ connectionString: this.o.url });
    client.on('error', (err) => this.dropped(client, err));
    client.on('end', () => this.dropped(client, undefined));
    client.on('notification', (n) => {
      if (n.payload !== undefined) this.channels.get(n.channel)?.emit(n.payload);
    });
    await client.connect();
    for (const channel of this.channels.keys()) await client.query(`listen ${quoteIdent(channel)}`);
    this.client = client;
  }

  private dropped(client: pg.Client, err: Error | undefined): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.held.clear();
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.o.log.warn(
      { code: ControllerErrorCode.StoreFailed, err: err ? errorMessage(err) : 'ended' },
      'cluster connection to PostgreSQL lost: locks released, reconnecting',
    );
    this.lost.emit();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.retry = this.o.clock.setTimeout(() => {
      this.retry = undefined;
      if (this.stopped) return;
      this.connect().catch((err: unknown) => {
        this.o.log.warn({ err: errorMessage(err) }, 'cluster connection: reconnect failed');
        this.scheduleReconnect();
      });
    }, RECONNECT_MS);
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
