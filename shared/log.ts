import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * Structured logs on stderr (stdout is reserved for a command's one JSON result or the demo's
 * URLs). Level from LOG_LEVEL, default `info`.
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { pid: process.pid } }, pino.destination({ fd: 2, sync: false }));
}

/** A logger that drops everything, for tests and library use without a caller's logger. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
