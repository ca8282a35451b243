import { type DestinationStream, type Level, pino } from 'pino';

/** pino level → syslog priority (sd-daemon(3) prefixes `<N>` that journald reads). */
const PRIORITY: Record<Level, number> = { fatal: 2, error: 3, warn: 4, info: 6, debug: 7, trace: 7 };

/** True when stderr is connected to the journal (systemd sets JOURNAL_STREAM for the service). */
export function underJournald(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.JOURNAL_STREAM !== undefined && env.JOURNAL_STREAM !== '';
}

/**
 * Log lines for journald: each JSON line prefixed with its syslog priority, so `journalctl -p warning`
 * filters by level and errors show in red, while the line stays the same JSON for log shippers.
 */
export function journaldDestination(out: DestinationStream): pino.MultiStreamRes {
  const streams = (Object.keys(PRIORITY) as Level[]).map((level) => ({
    level,
    stream: { write: (line: string) => out.write(`<${PRIORITY[level]}>${line}`) },
  }));
  // dedupe: each line goes only to the stream of its own level.
  return pino.multistream(streams, { dedupe: true });
}
