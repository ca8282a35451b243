import { z } from 'zod';

/** A scored input, or the `path: message` issues that make it impossible (shared/format-issues.ts). */
export type Scored<T> = { ok: true; value: T } | { ok: false; error: z.ZodError };

export function impossible(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): {
  ok: false;
  error: z.ZodError;
} {
  return {
    ok: false,
    error: new z.ZodError(
      issues.map((i) => ({ code: 'custom' as const, path: i.path, message: i.message, input: undefined })),
    ),
  };
}
