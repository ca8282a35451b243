import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { UnitsRepo } from '../store/units-repo.js';

interface Pending {
  status?: { online: boolean; at: number };
  info?: { json: string; at: number };
  state?: { json: string; ts: number; at: number };
}

export interface LatestValuesOptions {
  units: UnitsRepo;
  clock: Clock;
  log: Logger;
  /** Written at most this long after it arrived. */
  flushMs?: number;
  /** Called with the units whose values were written. */
  flushed(units: string[]): void;
}

const DEFAULT_FLUSH_MS = 200;

/**
 * Write-behind for the latest-value topics (`status`, `info`, `state`): the store keeps only the
 * newest of each per unit, so only the newest is written, all units in one pass every `flushMs`.
 * This is what lets one controller take thousands of state messages a second; a crash loses at
 * most `flushMs` of them, and the next state a unit sends replaces them. The durable session
 * messages never go through here: they are stored before they are acknowledged.
 */
export class LatestValues {
  private pending = new Map<string, Pending>();
  private timer: Timer | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly o: LatestValuesOptions) {}

  status(unit: string, online: boolean, at: number): void {
    this.entry(unit).status = { online, at };
  }

  info(unit: string, json: string, at: number): void {
    this.entry(unit).info = { json, at };
  }

  /** Keeps the newest by the unit's own `ts`, whatever the arrival order. */
  state(unit: string, json: string, ts: number, at: number): void {
    const entry = this.entry(unit);
    if (!entry.state || entry.state.ts <= ts) entry.state = { json, ts, at };
  }

  /** Writes what is pending now; resolves when it is stored. */
  flush(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  async stop(): Promise<void> {
    await this.flush();
  }

  private entry(unit: string): Pending {
    let entry = this.pending.get(unit);
    if (!entry) {
      entry = {};
      this.pending.set(unit, entry);
    }
    this.timer ??= this.o.clock.setTimeout(() => {
      this.flush().catch(() => undefined);
    }, this.o.flushMs ?? DEFAULT_FLUSH_MS);
    return entry;
  }

  private async write(batch: Map<string, Pending>): Promise<void> {
    if (batch.size === 0) return;
    const { units } = this.o;
    try {
      // In unit order: several controller processes write the same rows, and PostgreSQL would
      // find a deadlock between two passes that lock them in different orders.
      const ordered = [...batch].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      await units.transaction(async (repo) => {
        for (const [unit, p] of ordered) {
          if (p.status) await repo.recordStatus(unit, p.status.online, p.status.at);
          if (p.info) await repo.recordInfo(unit, p.info.json, p.info.at);
          if (p.state) await repo.recordState(unit, p.state.json, p.state.ts, p.state.at);
        }
      });
      this.o.flushed([...batch.keys()]);
    } catch (err) {
      this.o.log.error(
        { err: errorMessage(err), units: batch.size },
        'could not store the latest unit values',
      );
    }
  }
}
