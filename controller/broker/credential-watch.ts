import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { EmbeddedBroker } from './embedded-broker.js';

export interface CredentialWatchOptions {
  broker: EmbeddedBroker;
  /** The current credential stamp of each of these usernames (absent: revoked). */
  stamps(usernames: string[]): Promise<Map<string, string>>;
  clock: Clock;
  log: Logger;
  /** How often to look, ms: `nocturne add-unit --revoke` runs in another process. */
  intervalMs?: number;
}

/**
 * Disconnects clients whose login was revoked or rotated, also when that happened in another
 * process (the CLI writes the database); in-process changes call `check()` at once.
 */
export class CredentialWatch {
  private timer: Timer | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly o: CredentialWatchOptions) {}

  start(): void {
    this.timer = this.o.clock.setInterval(() => {
      this.check().catch(() => {});
    }, this.o.intervalMs ?? 2000);
  }

  stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    return this.running ?? Promise.resolve();
  }

  /** Looks now; one look at a time. */
  check(): Promise<void> {
    this.running ??= this.look().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async look(): Promise<void> {
    try {
      const users = this.o.broker.connectedUsers();
      if (users.length === 0) return;
      this.o.broker.sweep(await this.o.stamps(users));
    } catch (err) {
      this.o.log.warn({ err: errorMessage(err) }, 'could not check broker logins');
    }
  }
}
