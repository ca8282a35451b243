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
import { DeviceErrorCode } from '../errors/codes.js';
import { writeFileDurable } from './durable-file.js';
import { type Durability, MetaCounter, openStateDb, type StateDb } from './state-db.js';

/** The walking skeleton kept the counters in a JSON file; a state dir that has one is carried over. */
const legacyCountersSchema = z.object({
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

export interface StateDirOptions {
  durability?: Durability;
}

/**
 * The unit's state dir: the `epoch` (made once, when the dir is created), the SQLite state
 * database (outbox, `seq` counter, last `ts`, commands seen, applied schedule), and the session in
 * progress (so a restart mid-session can close it as a fault). Every write is durable.
 */
export class StateDir {
  private readonly lastTsCounter: MetaCounter;

  private constructor(
    readonly path: string,
    readonly epoch: string,
    readonly db: StateDb,
  ) {
    this.lastTsCounter = new MetaCounter(db, 'last_ts');
  }

  static open(path: string, options: StateDirOptions = {}): StateDir {
    let db: StateDb | undefined;
    try {
      mkdirSync(path, { recursive: true });
      const epochFile = join(path, 'epoch');
      const hadEpoch = existsSync(epochFile);
      const opened = openStateDb(join(path, 'state.db'), options.durability ?? 'power-loss');
      db = opened.db;
      const legacy = readJson(join(path, 'counters.json'), legacyCountersSchema);
      if (opened.created) {
        if (legacy) {
          new MetaCounter(db, 'next_seq').write(legacy.next_seq);
          new MetaCounter(db, 'last_ts').write(legacy.last_ts);
        } else if (hadEpoch) {
          // The seq history of this epoch is gone with the database: never reuse a seq, start anew.
          writeFileDurable(epochFile, `${randomUUID()}\n`);
        }
      } else if (!hadEpoch) {
        throw new NocturneError(
          DeviceErrorCode.StateDir,
          'the epoch file is missing but the state database is not',
        );
      }
      if (!existsSync(epochFile)) writeFileDurable(epochFile, `${randomUUID()}\n`);
      const epoch = epochIdSchema.parse(readFileSync(epochFile, 'utf8').trim());
      return new StateDir(path, epoch, db);
    } catch (err) {
      db?.close();
      throw new NocturneError(
        DeviceErrorCode.StateDir,
        `cannot use state dir ${path}: ${String(err)}`,
        {},
        { cause: err },
      );
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The last `ts` the unit stored; 0 for a new dir. */
  get lastTs(): number {
    return this.lastTsCounter.read();
  }

  /** Records that the unit has reached `ts` (never moves backwards). */
  noteTs(ts: number): void {
    if (ts > this.lastTs) this.lastTsCounter.write(ts);
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
    throw new NocturneError(
      DeviceErrorCode.StateDir,
      `${file} is damaged: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  return parsed.data ?? undefined;
}
