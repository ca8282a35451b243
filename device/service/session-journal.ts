import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { sessionIdSchema } from '../../shared/schemas/common.js';
import type { SessionEvent } from '../../shared/schemas/session-event.js';
import type { SessionReport } from '../../shared/schemas/session-report.js';
import type { SessionSamples } from '../../shared/schemas/session-samples.js';
import type { Body, UnitTelemetry } from '../telemetry/index.js';

/** Sessions kept in the journal: about three months of nightly sessions. */
const KEEP_SESSIONS = 100;
const DIR = 'sessions';

/** One line of a session's journal: an event, a summary of a sample batch, or the report. */
export const journalEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), ts: z.number(), event: z.record(z.string(), z.unknown()) }),
  z.object({
    kind: z.literal('samples'),
    ts: z.number(),
    count: z.number().int(),
    from_t: z.number(),
    to_t: z.number(),
    bpm_min: z.number().nullable(),
    bpm_max: z.number().nullable(),
  }),
  z.object({ kind: z.literal('report'), ts: z.number(), report: z.record(z.string(), z.unknown()) }),
]);
export type JournalEntry = z.infer<typeof journalEntrySchema>;

/**
 * What each session did, kept in the state dir (`sessions/<id>.jsonl`) for `nocturne logs
 * --session ID`: the outbox forgets a message once the broker has it. Diagnostics only: a write
 * that fails is logged and never stops the unit; the outbox stays the durable record.
 */
export class SessionJournal {
  private readonly dir: string;

  constructor(
    stateDir: string,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.dir = join(stateDir, DIR);
  }

  record(sessionId: string, entry: JournalEntry): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      appendFileSync(join(this.dir, `${sessionId}.jsonl`), `${JSON.stringify(entry)}\n`);
      if (entry.kind === 'event' && entry.event.type === 'started') this.prune();
    } catch (err) {
      this.log.warn({ err: errorMessage(err), session_id: sessionId }, 'session journal not written');
    }
  }

  /** The unit's telemetry, with every durable session message also written to the journal. */
  wrap(telemetry: UnitTelemetry): UnitTelemetry {
    const now = () => this.clock.now();
    return {
      start: () => telemetry.start(),
      stop: () => telemetry.stop(),
      publishInfo: (info) => telemetry.publishInfo(info),
      publishState: (state) => telemetry.publishState(state),
      onCommand: (handler) => telemetry.onCommand(handler),
      onSchedule: (handler) => telemetry.onSchedule(handler),
      publishSessionEvent: (event: Body<SessionEvent>) => {
        this.record(event.session_id, { kind: 'event', ts: now(), event });
        return telemetry.publishSessionEvent(event);
      },
      publishSessionSamples: (batch: Body<SessionSamples>) => {
        this.record(batch.session_id, samplesSummary(batch, now()));
        return telemetry.publishSessionSamples(batch);
      },
      publishSessionReport: (report: Body<SessionReport>) => {
        this.record(report.session_id, { kind: 'report', ts: now(), report });
        return telemetry.publishSessionReport(report);
      },
    };
  }

  /** Keeps the newest sessions only. */
  private prune(): void {
    const files = readdirSync(this.dir)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => ({ f, mtime: statSync(join(this.dir, f)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const { f } of files.slice(KEEP_SESSIONS)) rmSync(join(this.dir, f), { force: true });
  }
}

/** A session's journal as written, oldest first; undefined when the state dir has none for it. */
export function readJournal(stateDir: string, sessionId: string): JournalEntry[] | undefined {
  const id = sessionIdSchema.parse(sessionId);
  const file = join(stateDir, DIR, `${id}.jsonl`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // A power cut may leave a half-written last line: it is skipped, the rest is read.
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        const parsed = journalEntrySchema.safeParse(JSON.parse(line));
        return parsed.success ? [parsed.data] : [];
      } catch {
        return [];
      }
    });
}

/** Session ids in the journal, newest first. */
export function journalSessions(stateDir: string): string[] {
  const dir = join(stateDir, DIR);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  } catch {
    return [];
  }
  return files
    .map((f) => ({ id: f.slice(0, -'.jsonl'.length), mtime: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime)
    .map((s) => s.id);
}

function samplesSummary(batch: Body<SessionSamples>, ts: number): JournalEntry {
  const bpms = batch.samples.map((s) => s.bpm).filter((b): b is number => b !== null);
  return {
    kind: 'samples',
    ts,
    count: batch.samples.length,
    from_t: batch.samples[0]?.t ?? ts,
    to_t: batch.samples.at(-1)?.t ?? ts,
    bpm_min: bpms.length > 0 ? Math.min(...bpms) : null,
    bpm_max: bpms.length > 0 ? Math.max(...bpms) : null,
  };
}
