import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import { errorMessage } from '../../shared/errors.js';
import { Listeners } from '../../shared/listeners.js';
import type { Logger } from '../../shared/log.js';
import type { Database } from '../store/schema.js';
import type { PgLink } from './pg-link.js';

/** A value sent to every controller process, this one included. */
export interface Relay<T> {
  send(value: T): void;
  onReceive(listener: (value: T) => void): () => void;
}

/** PostgreSQL's limit on a NOTIFY payload is 8000 bytes; keep well under it. */
const MAX_PAYLOAD = 7000;

/**
 * A relay over PostgreSQL NOTIFY/LISTEN: `send` notifies through the pool, every controller process
 * (this one included) hears it on its link's LISTEN and validates it before passing it on. Live
 * updates are hints to re-read the database: one that is lost (a reconnect) costs a stale screen
 * until the next, never data.
 */
export class PgRelay<T> implements Relay<T> {
  private readonly listeners = new Listeners<T>();
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly o: {
      channel: string;
      schema: z.ZodType<T>;
      db: Kysely<Database>;
      link: PgLink;
      log: Logger;
      /** Splits a value whose JSON would be too long for one notification (default: never). */
      split?: (value: T) => T[];
    },
  ) {}

  async start(): Promise<void> {
    this.stopListening = await this.o.link.listen(this.o.channel, (payload) => this.received(payload));
  }

  stop(): void {
    this.stopListening?.();
    this.listeners.clear();
  }

  send(value: T): void {
    const parts = JSON.stringify(value).length > MAX_PAYLOAD && this.o.split ? this.o.split(value) : [value];
    for (const part of parts) {
      sql`select pg_notify(${this.o.channel}, ${JSON.stringify(part)})`
        .execute(this.o.db)
        .catch((err: unknown) =>
          this.o.log.warn({ channel: this.o.channel, err: errorMessage(err) }, 'notify failed'),
        );
    }
  }

  onReceive(listener: (value: T) => void): () => void {
    return this.listeners.add(listener);
  }

  private received(payload: string): void {
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      json = undefined;
    }
    const result = this.o.schema.safeParse(json);
    if (!result.success) {
      this.o.log.warn({ channel: this.o.channel }, 'ignored a malformed notification');
      return;
    }
    this.listeners.emit(result.data);
  }
}

/** Unit ids in chunks whose JSON fits one notification. */
export function chunkUnits(units: string[]): string[][] {
  const chunks: string[][] = [];
  for (let i = 0; i < units.length; i += 150) chunks.push(units.slice(i, i + 150));
  return chunks;
}
