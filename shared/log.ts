import { type Logger, pino } from 'pino';
import { PinoPretty, type PrettyStream } from 'pino-pretty';
import { journaldDestination, underJournald } from './journald.js';
import { wantsColor } from './terminal.js';

export type { Logger };

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * JSON lines for machines (journald, CI, a pipe), short coloured lines for a person at a terminal.
 * An explicit choice (`--log-format`, or LOG_FORMAT) wins; otherwise pretty only when stderr is a TTY.
 */
export function resolveLogFormat(choice: string | undefined, stderrIsTty: boolean): LogFormat {
  if (choice === 'json' || choice === 'pretty') return choice;
  return stderrIsTty ? 'pretty' : 'json';
}

/**
 * Structured logs on stderr (stdout is reserved for a command's one JSON result or the demo's
 * URLs). Level from LOG_LEVEL, default `info`; format from LOG_FORMAT (see resolveLogFormat).
 */
export function createLogger(
  name: string,
  level = process.env.LOG_LEVEL ?? 'info',
  format = resolveLogFormat(process.env.LOG_FORMAT, process.stderr.isTTY === true),
): Logger {
  if (format === 'pretty') {
    return pino({ name, level, base: { pid: process.pid } }, prettyStream(wantsColor(process.stderr)));
  }
  const stderr = pino.destination({ fd: 2, sync: false });
  // Under systemd each line carries its syslog priority for journald (systemd/README.md "Logs").
  return pino(
    { name, level, base: { pid: process.pid } },
    underJournald() ? journaldDestination(stderr) : stderr,
  );
}

/**
 * One line per entry: time, level, who (the unit, else the part, else the logger's name), message,
 * then the other fields as compact JSON. Formatted in this thread and written synchronously to a
 * file descriptor (no transport worker), so no line is lost when a command exits.
 */
export function prettyStream(
  colorize: boolean,
  destination: number | NodeJS.WritableStream = 2,
): PrettyStream {
  return PinoPretty({
    destination,
    sync: typeof destination === 'number',
    colorize,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,name,unit,part',
    // Plain messages, so the demo's coloured lines on stdout stand out among them.
    customColors:
      'trace:gray,debug:blue,info:green,warn:yellow,error:red,fatal:bgRed,message:reset,greyMessage:gray',
    messageFormat: (entry, messageKey) =>
      `${String(entry.unit ?? entry.part ?? entry.name)}: ${String(entry[messageKey])}`,
  });
}

/** A logger that drops everything, for tests and library use without a caller's logger. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
