import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { type JournalEntry, journalSessions, readJournal } from '../../device/service/session-journal.js';
import { UsageError } from '../../shared/errors.js';
import { sessionIdSchema } from '../../shared/schemas/common.js';

/** Where the service keeps its state (nocturne-device.service: StateDirectory=nocturne). */
const SERVICE_STATE_DIR = '/var/lib/nocturne';

interface LogsFlags {
  session?: string;
  stateDir: string;
}

/**
 * `nocturne logs --session ID`: one session's events, sample batches and report from the unit's
 * state dir, a line each on stderr and the whole as one JSON document on stdout. Without
 * --session it lists the sessions the journal holds. The process log itself is in journald
 * (`journalctl -u nocturne-device`).
 */
export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description(
      "print one session's events from a unit's state dir (one line each on stderr, JSON on stdout); " +
        'without --session, list the sessions it holds',
    )
    .option('--session <id>', 'session id (from `state`, the dashboard, or this command without it)')
    .option('--state-dir <dir>', "the unit's state dir", SERVICE_STATE_DIR)
    .action((flags: LogsFlags) => {
      if (!existsSync(flags.stateDir)) throw new UsageError(`no state dir ${flags.stateDir} (--state-dir)`);
      if (!statSync(flags.stateDir).isDirectory()) {
        throw new UsageError(`--state-dir ${flags.stateDir} is a file, not a unit's state dir`);
      }
      if (flags.session === undefined) {
        const sessions = journalSessions(flags.stateDir);
        for (const id of sessions) process.stderr.write(`${id}\n`);
        process.stdout.write(`${JSON.stringify({ state_dir: flags.stateDir, sessions })}\n`);
        return;
      }
      if (!sessionIdSchema.safeParse(flags.session).success) {
        throw new UsageError(`--session ${JSON.stringify(flags.session)} is not a session id`);
      }
      const entries = readJournal(flags.stateDir, flags.session);
      if (!entries) {
        const known = journalSessions(flags.stateDir).slice(0, 5);
        throw new UsageError(
          `no session ${flags.session} in ${flags.stateDir}` +
            (known.length > 0 ? `; the latest: ${known.join(', ')}` : '; it holds no sessions'),
        );
      }
      for (const entry of entries) process.stderr.write(`${formatEntry(entry)}\n`);
      process.stdout.write(`${JSON.stringify({ session_id: flags.session, entries })}\n`);
    });
}

/** `2026-12-01T21:03:04.120Z event started trigger=button planned_s=2700`: one line per entry. */
export function formatEntry(entry: JournalEntry): string {
  const at = new Date(entry.ts).toISOString();
  switch (entry.kind) {
    case 'event': {
      const { type, session_id: _, ...rest } = entry.event;
      return `${at} event ${String(type)} ${pairs(rest)}`.trimEnd();
    }
    case 'samples': {
      const bpm = entry.bpm_min === null ? 'no pulse' : `bpm ${entry.bpm_min}–${entry.bpm_max}`;
      return `${at} samples ${entry.count} (${bpm})`;
    }
    case 'report': {
      const { end_reason, duration_s, baseline_bpm, min_bpm, calm_point_s } = entry.report;
      return `${at} report ${pairs({ end_reason, duration_s, baseline_bpm, min_bpm, calm_point_s })}`;
    }
  }
}

function pairs(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}
