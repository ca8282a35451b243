/**
 * Errors that cross a boundary carry a stable code from a catalogue (device/errors/codes.ts,
 * controller/errors.ts, and the shared codes here). Tests assert the code, not the wording.
 */
export class NocturneError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NocturneError';
  }
}

export const SharedErrorCode = {
  /** A payload, file or argument failed its schema. */
  BadInput: 'E_BAD_INPUT',
  /** A command-line usage error (exit code 2). */
  Usage: 'E_USAGE',
  /** Config failed validation at start-up. */
  Config: 'E_CONFIG',
  /** An imported protocol's hash does not match its parameters: it is not the intervention it claims. */
  ProtocolHashMismatch: 'E_PROTOCOL_HASH_MISMATCH',
} as const;

/** Bad usage or bad input at the command line: exits with code 2 and one line on stderr. */
export class UsageError extends NocturneError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(SharedErrorCode.Usage, message, details);
    this.name = 'UsageError';
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
