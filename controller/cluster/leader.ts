import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { LEADER_LOCK, type PgLink } from './pg-link.js';

/** A piece of periodic work that one controller process at a time runs. */
export interface PeriodicJob {
  name: string;
  start(): void;
  stop(): Promise<void>;
}

export interface LeaderOptions {
  /** The cluster link; without it (SQLite, one process) this process always runs the jobs. */
  link: PgLink | undefined;
  clock: Clock;
  log: Logger;
  jobs: PeriodicJob[];
  /** How often a process that is not the leader tries the lock, ms. */
  pollMs?: number;
}

const DEFAULT_POLL_MS = 5_000;

/**
 * Runs the periodic work (gap detection, alert rules, overdue watches, orphaned ingest sessions)
 * in one process at a time: the one holding the PostgreSQL session-level advisory lock. When the
 * holder dies its connection ends, the server frees the lock, and the next process to poll takes
 * it over. A process that loses its link stops the jobs at once (another may take them).
 */
export class Leader {
  private poll: Timer | undefined;
  private leading = false;
  private busy: Promise<void> = Promise.resolve();
  private stopLost: (() => void) | undefined;

  constructor(private readonly o: LeaderOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    const link = this.o.link;
    if (!link) {
      this.lead();
      return;
    }
    this.stopLost = link.onLost(() => {
      this.busy = this.busy.then(() => this.resign('cluster connection lost'));
    });
    const attempt = () => {
      this.busy = this.busy.then(() => this.tryLead(link));
    };
    attempt();
    this.poll = this.o.clock.setInterval(attempt, this.o.pollMs ?? DEFAULT_POLL_MS);
  }

  async stop(): Promise<void> {
    this.poll?.cancel();
    this.poll = undefined;
    this.stopLost?.();
    await this.busy;
    await this.resign('stopping');
    await this.o.link?.unlock(LEADER_LOCK).catch(() => undefined);
  }

  /** Resolves once the current lock attempt (if any) is done: tests wait on it. */
  settled(): Promise<void> {
    return this.busy;
  }

  private async tryLead(link: PgLink): Promise<void> {
    if (this.leading) return;
    try {
      if (await link.tryLock(LEADER_LOCK)) this.lead();
    } catch (err) {
      this.o.log.warn({ err: errorMessage(err) }, 'could not try the periodic-work lock');
    }
  }

  private lead(): void {
    this.leading = true;
    this.o.log.info({ jobs: this.o.jobs.map((j) => j.name) }, 'running the periodic work');
    for (const job of this.o.jobs) job.start();
  }

  private async resign(why: string): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    this.o.log.info({ why }, 'periodic work handed over');
    for (const job of [...this.o.jobs].reverse()) {
      await job.stop().catch((err: unknown) => this.o.log.warn({ job: job.name, err }, 'job stop failed'));
    }
  }
}

/** A periodic job that calls `run` every `everyMs` of the Clock. */
export function intervalJob(name: string, clock: Clock, everyMs: number, run: () => void): PeriodicJob {
  let timer: Timer | undefined;
  return {
    name,
    start: () => {
      timer ??= clock.setInterval(run, everyMs);
    },
    stop: async () => {
      timer?.cancel();
      timer = undefined;
    },
  };
}

/** A periodic job whose `start` returns its own stop function. */
export function stoppableJob(name: string, start: () => () => void): PeriodicJob {
  let stop: (() => void) | undefined;
  return {
    name,
    start: () => {
      stop ??= start();
    },
    stop: async () => {
      stop?.();
      stop = undefined;
    },
  };
}
