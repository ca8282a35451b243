import type { z } from 'zod';

/** Lists every schema problem as `path: message`, one per line (config files, payloads, bodies). */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('\n');
}
