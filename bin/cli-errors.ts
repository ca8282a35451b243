import { CommanderError } from 'commander';
import { ControllerErrorCode } from '../controller/errors.js';
import { NocturneError, SharedErrorCode } from '../shared/errors.js';

/** Error codes that mean bad usage or bad input: exit 2 with one line (DESIGN.md "Command line"). */
const USAGE_CODES = new Set<string>([
  SharedErrorCode.Usage,
  SharedErrorCode.BadInput,
  SharedErrorCode.Config,
  SharedErrorCode.ProtocolHashMismatch,
  ControllerErrorCode.PortInUse,
  ControllerErrorCode.DatabaseUrl,
  ControllerErrorCode.ItemTextFile,
]);

/** What a failed command does: its exit code, and the one line for stderr (none if already said). */
export interface Failure {
  exitCode: number;
  line?: string;
}

/**
 * Sorts a failure into bad usage or input (exit 2: the user can fix it) and a failure at run time
 * (exit 1). A file the command cannot read or write is input: the user named it.
 */
export function classifyFailure(err: unknown): Failure {
  if (err instanceof CommanderError) {
    // Commander has already printed its message (through outputError) or the help.
    return { exitCode: err.exitCode === 0 ? 0 : 2 };
  }
  if (err instanceof NocturneError && USAGE_CODES.has(err.code)) {
    return { exitCode: 2, line: oneLine(err.message) };
  }
  const file = fileProblem(err);
  if (file) return { exitCode: 2, line: file };
  return { exitCode: 1, line: oneLine(err instanceof Error ? err.message : String(err)) };
}

/**
 * Commander's messages (`error: …`, sometimes with a second "Did you mean" line) as one line, its
 * wordy "argument 'x' is invalid. reason" shortened to "--flag 'x': reason".
 */
export function commanderLine(message: string): string {
  const line = oneLine(message.replace(/^error: /, ''))
    .replace(/^option '(.+?)' argument '(.*)' is invalid\. /, "$1 '$2': ")
    .replace(/^command-argument value '(.*)' is invalid for argument '(.+?)'\. /, "<$2> '$1': ");
  return `${line}\n`;
}

const FILE_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
  // mkdir -p when a part of the path is a file
  EEXIST: 'a file is in the way',
};

const VERBS: Record<string, string> = {
  scandir: 'read the folder',
  opendir: 'read the folder',
  mkdir: 'create',
};

/**
 * Node's file-system errors carry the path and the call (also as the cause of a wrapping error);
 * a spawn's ENOENT names a missing program, not the user's file.
 */
function fileProblem(err: unknown): string | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const { code, path, syscall } = e as NodeJS.ErrnoException;
    const reason = code ? FILE_REASONS[code] : undefined;
    if (reason && path && syscall && !syscall.startsWith('spawn')) {
      return `cannot ${VERBS[syscall] ?? 'open'} ${path}: ${reason}`;
    }
  }
  return undefined;
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}
