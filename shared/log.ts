import { type Logger, pino } from 'pino';
import { journaldDestination, underJournald } from './journald.js';

export type { Logger };

/**
 * Structured logs on stderr (stdout is reserved for a command's one JSON result or the demo's
 * URLs). Level from LOG_LEVEL, default `info`.
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const stderr = pino.destination({ fd: 2, sync: false });
  // Under systemd each line carries its syslog priority for journald (systemd/README.md "Logs").
  return pino(
    { name, level, base: { pid: process.pid } },
    underJournald() ? journaldDestination(stderr) : stderr,
  );
}

/** A logger that drops everything, for tests and library use without a caller's logger. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
