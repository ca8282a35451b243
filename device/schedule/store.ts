import type { Statement } from 'better-sqlite3';
import { z } from 'zod';
import { timestampSchema } from '../../shared/schemas/common.js';
import { type Schedule, scheduleSchema } from '../../shared/schemas/schedule.js';
import type { StateDb } from '../telemetry/state-db.js';

const snoozeSchema = z.object({ planned_at: timestampSchema, until: timestampSchema });
export type Snooze = z.infer<typeof snoozeSchema>;

/** The applied schedule and a pending snooze, kept in the unit's state database (works offline). */
export class ScheduleStore {
  private readonly get: Statement<[string], { body: string }>;
  private readonly put: Statement<[string, string]>;
  private readonly del: Statement<[string]>;

  constructor(db: StateDb) {
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
    this.put.run('schedule', JSON.stringify(schedule));
  }

  snooze(): Snooze | undefined {
    return this.read('snooze', snoozeSchema);
  }

  saveSnooze(snooze: Snooze | undefined): void {
    if (snooze) this.put.run('snooze', JSON.stringify(snooze));
    else this.del.run('snooze');
  }

  private read<T>(name: string, schema: z.ZodType<T>): T | undefined {
    const row = this.get.get(name);
    if (!row) return undefined;
    const parsed = schema.safeParse(JSON.parse(row.body));
    return parsed.success ? parsed.data : undefined;
  }
}
