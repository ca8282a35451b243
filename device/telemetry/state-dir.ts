import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { NocturneError } from '../../shared/errors.js';
import {
  epochIdSchema,
  sessionIdSchema,
  startTriggerSchema,
  timestampSchema,
} from '../../shared/schemas/common.js';
import { DeviceErrorCode } from '../errors.js';
import { writeFileDurable } from './durable-file.js';

const countersSchema = z.object({
  next_seq: z.number().int().nonnegative(),
  last_ts: timestampSchema,
});

const activeSessionSchema = z.object({
  session_id: sessionIdSchema,
  started_at: timestampSchema,
  planned_s: z.number().positive(),
  trigger: startTriggerSchema,
});
export type ActiveSession = z.infer<typeof activeSessionSchema>;

/**
 * The unit's state dir: the `epoch` (made once, when the dir is created), the `seq` counter and
 * the last `ts` (so time never runs backwards across restarts), and the session in progress (so a
 * restart mid-session can close it as a fault). Every write is durable.
 */
export class StateDir {
  private constructor(
    readonly path: string,
    readonly epoch: string,
    private counters: z.infer<typeof countersSchema>,
  ) {}

  static open(path: string): StateDir {
    try {
      mkdirSync(path, { recursive: true });
      const epochFile = join(path, 'epoch');
      if (!existsSync(epochFile)) writeFileDurable(epochFile, `${randomUUID()}\n`);
      const epoch = epochIdSchema.parse(readFileSync(epochFile, 'utf8').trim());
      const counters = readJson(join(path, 'counters.json'), countersSchema) ?? { next_seq: 0, last_ts: 0 };
      return new StateDir(path, epoch, counters);
    } catch (err) {
      throw new NocturneError(
        DeviceErrorCode.StateDir,
        `cannot use state dir ${path}: ${String(err)}`,
        {},
        { cause: err },
      );
    }
  }

  /** The last `ts` the unit stored; 0 for a new dir. */
  get lastTs(): number {
    return this.counters.last_ts;
  }

  /** Takes the next `seq` and records `ts`, durably, before the message is sent. */
  takeSeq(ts: number): number {
    const seq = this.counters.next_seq;
    this.counters = { next_seq: seq + 1, last_ts: Math.max(this.counters.last_ts, ts) };
    writeFileDurable(join(this.path, 'counters.json'), JSON.stringify(this.counters));
    return seq;
  }

  activeSession(): ActiveSession | undefined {
    return readJson(join(this.path, 'active-session.json'), activeSessionSchema);
  }

  setActiveSession(session: ActiveSession | undefined): void {
    writeFileDurable(join(this.path, 'active-session.json'), session ? JSON.stringify(session) : 'null');
  }
}

function readJson<T>(file: string, schema: z.ZodType<T>): T | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = schema.nullable().safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file} is damaged: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  return parsed.data ?? undefined;
}
