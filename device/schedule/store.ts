import type { Statement } from 'better-sqlite3';
import { z } from 'zod';
import { timestampSchema } from '../../shared/schemas/common.js';
import { type Schedule, scheduleSchema } from '../../shared/schemas/schedule.js';
import type { StateDb } from '../telemetry/state-db.js';

const snoozeSchema = z.object({ planned_at: timestampSchema, until: timestampSchema });
export type Snooze = z.infer<typeof snoozeSchema>;

/** Every occurrence due at or before `until` (ms) has had its one decision. */
const decidedSchema = z.object({ until: timestampSchema });
export type Decided = z.infer<typeof decidedSchema>;

/**
 * The applied schedule, a pending snooze and the last decided occurrence, kept in the unit's
 * state database (works offline, survives restarts and clock steps).
 */
export class ScheduleStore {
  private readonly get: Statement<[string], { body: string }>;
  private readonly put: Statement<[string, string]>;
  private readonly del: Statement<[string]>;
  /** What was last read or written, by name: the runner looks every minute. One store per state dir. */
  private readonly cache = new Map<string, unknown>();

  constructor(private readonly db: StateDb) {
    this.get = db.prepare('SELECT body FROM documents WHERE name = ?');
    this.put = db.prepare(
      'INSERT INTO documents (name, body) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body',
    );
    this.del = db.prepare('DELETE FROM documents WHERE name = ?');
  }

  schedule(): Schedule | undefined {
    return this.read('schedule', scheduleSchema);
  }

  saveSchedule(schedule: Schedule): void {
    this.write('schedule', schedule);
  }

  snooze(): Snooze | undefined {
    return this.read('snooze', snoozeSchema);
  }

  saveSnooze(snooze: Snooze | undefined): void {
    this.write('snooze', snooze);
  }

  decided(): Decided | undefined {
    return this.read('schedule-decided', decidedSchema);
  }

  saveDecided(decided: Decided): void {
    this.write('schedule-decided', decided);
  }

  /** Runs `fn` in one transaction of the state database, which also holds the outbox. */
  atomically<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn)();
    } catch (err) {
      this.cache.clear(); // rolled back: read the stored truth again
      throw err;
    }
  }

  private read<T>(name: string, schema: z.ZodType<T>): T | undefined {
    if (this.cache.has(name)) return this.cache.get(name) as T | undefined;
    const row = this.get.get(name);
    const parsed = row ? schema.safeParse(JSON.parse(row.body)) : undefined;
    const value = parsed?.success ? parsed.data : undefined;
    this.cache.set(name, value);
    return value;
  }

  private write(name: string, value: object | undefined): void {
    if (value === undefined) this.del.run(name);
    else this.put.run(name, JSON.stringify(value));
    this.cache.set(name, value);
  }
}
