import type { Kysely } from 'kysely';
import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { Ingest } from '../ingest/ingest.js';
import type { Database } from '../store/schema.js';
import type { PeriodicJob } from './leader.js';
import { INGEST_SLOT_LOCK, type PgLink } from './pg-link.js';

export interface OrphanDrainOptions {
  link: PgLink;
  db: Kysely<Database>;
  clock: Clock;
  log: Logger;
  /** An ingest in `drain` mode on the given client id (the composition root builds it). */
  drainer(clientId: string): Ingest;
  checkEveryMs?: number;
  /** A drained session is retired after this long without a message, ms. */
  idleMs?: number;
}

const DEFAULT_CHECK_MS = 5_000;
const DEFAULT_IDLE_MS = 1_000;
const CONNECT_TIMEOUT_MS = 30_000;

/**
 * The leader's job of finding ingest slots whose process died (the slot's lock is free) and taking
 * over their persistent MQTT sessions: the messages the broker delivered to the dead process and
 * never saw acknowledged, and any it queued for it since, are delivered again to the drainer,
 * stored (idempotently on seq: some may already be stored), and acknowledged. Then the drainer
 * leaves the ingest group, ends the session and frees the slot for the next process.
 */
export class OrphanDrain implements PeriodicJob {
  readonly name = 'orphaned ingest sessions';
  private timer: Timer | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly active = new Set<Ingest>();

  constructor(private readonly o: OrphanDrainOptions) {}

  start(): void {
    const check = () => {
      this.running = this.running
        .then(() => this.check())
        .catch((err: unknown) => this.o.log.error({ err: errorMessage(err) }, 'orphan check failed'));
    };
    check();
    this.timer ??= this.o.clock.setInterval(check, this.o.checkEveryMs ?? DEFAULT_CHECK_MS);
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    for (const ingest of this.active) await ingest.stop();
    await this.running;
  }

  /** One pass over the recorded slots; exposed for tests. */
  async check(): Promise<void> {
    const slots = await this.o.db.selectFrom('ingest_slots').selectAll().orderBy('slot').execute();
    for (const { slot, client_id } of slots) {
      const key = INGEST_SLOT_LOCK + slot;
      // Our own slot, or one we drain: its lock is ours already.
      if (this.o.link.holds(key) || !(await this.o.link.tryLock(key))) continue;
      await this.drain(slot, client_id);
    }
  }

  private async drain(slot: number, clientId: string): Promise<void> {
    const log = this.o.log.child({ slot, client_id: clientId });
    log.warn('ingest slot without a process: draining its session');
    const ingest = this.o.drainer(clientId);
    this.active.add(ingest);
    try {
      await ingest.start();
      const idleMs = this.o.idleMs ?? DEFAULT_IDLE_MS;
      for (let waited = 0; !ingest.connected; waited += 100) {
        if (waited > CONNECT_TIMEOUT_MS) throw new Error('the broker did not take the drainer');
        await this.o.clock.sleep(100);
      }
      await ingest.untilIdle(idleMs);
      const { accepted, duplicates } = ingest.stats();
      await ingest.retire(idleMs);
      await this.o.db.deleteFrom('ingest_slots').where('slot', '=', slot).execute();
      log.info({ accepted, duplicates }, 'ingest slot drained and retired');
    } finally {
      this.active.delete(ingest);
      await ingest.stop();
      await this.o.link.unlock(INGEST_SLOT_LOCK + slot);
    }
  }
}
