import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import type { z } from 'zod';
import { formatIssues } from '../../../shared/format-issues.js';
import { ControllerErrorCode } from '../../errors.js';

/**
 * A route's schema errors as `path: message` lines (`answers.q5a: expected a whole number from 0
 * to 3`), as `nocturne score` prints them; the app's error handler sends them as 400 E_BAD_REQUEST.
 */
export function issueLines(errors: FastifySchemaValidationError[], _dataVar: string): Error {
  const lines = errors.map((e) => {
    const path = e.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return `${path === '' ? '(root)' : path}: ${e.message ?? 'invalid'}`;
  });
  return new Error(lines.join('\n'));
}

/** A 400 body for problems found after the schema (the scoring's own checks). */
export function badRequest(error: z.ZodError, prefix?: string): { code: string; message: string } {
  const prefixed = prefix ? error.issues.map((i) => ({ ...i, path: [prefix, ...i.path] })) : error.issues;
  return { code: ControllerErrorCode.BadRequest, message: formatIssues({ issues: prefixed } as z.ZodError) };
}
