import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { timestampSchema } from '../../shared/schemas/common.js';
import { writeFileDurable } from '../telemetry/durable-file.js';
import { median } from './baseline.js';

/** The baseline from past sessions (CLINICAL.md:33-34): where the runner keeps it. */
export interface BaselineStore {
  /** The stored baseline, or null before any session with a baseline. */
  get(): number | null;
  /** Adds tonight's baseline. */
  record(bpm: number, at: number): void;
}

/** The last two weeks of nightly sessions make the stored baseline. */
const KEEP = 14;

const fileSchema = z.object({
  sessions: z.array(z.object({ at: timestampSchema, bpm: z.number().min(20).max(250) })).max(1000),
});

type Stored = z.infer<typeof fileSchema>['sessions'];

/**
 * The stored baseline in the unit's state dir (`baseline.json`): the median of the last 14
 * sessions' own baselines, so one odd night moves it little. A damaged file counts as empty.
 */
export class FileBaselineStore implements BaselineStore {
  private constructor(
    private readonly path: string,
    private sessions: Stored,
  ) {}

  static open(dir: string): FileBaselineStore {
    const path = join(dir, 'baseline.json');
    return new FileBaselineStore(path, FileBaselineStore.read(path));
  }

  get(): number | null {
    return this.sessions.length === 0 ? null : median(this.sessions.map((s) => s.bpm));
  }

  record(bpm: number, at: number): void {
    this.sessions = [...this.sessions, { at, bpm }].slice(-KEEP);
    writeFileDurable(this.path, JSON.stringify({ sessions: this.sessions }));
  }

  private static read(path: string): Stored {
    if (!existsSync(path)) return [];
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      return parsed.success ? parsed.data.sessions.slice(-KEEP) : [];
    } catch {
      return [];
    }
  }
}

/** A stored baseline in memory: offline sessions and tests. */
export class MemoryBaselineStore implements BaselineStore {
  private readonly values: number[] = [];

  constructor(initial: number | null = null) {
    if (initial !== null) this.values.push(initial);
  }

  get(): number | null {
    return this.values.length === 0 ? null : median(this.values.slice(-KEEP));
  }

  record(bpm: number): void {
    this.values.push(bpm);
  }
}
