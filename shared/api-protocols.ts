import { z } from 'zod';
import { timestampSchema } from './schemas/common.js';
import { protocolSchema, protocolStampSchema } from './schemas/protocol.js';

/**
 * HTTP bodies of the protocol library (issue 15): a clinic's named, versioned interventions.
 * A version is never edited; a change is a new version that supersedes it.
 */

/** One protocol version as the API lists it. */
export const protocolViewSchema = protocolSchema.extend({
  hash: protocolStampSchema.shape.hash,
  built_in: z.boolean().describe('Known to every unit without being sent'),
  created_at: timestampSchema.nullable().describe('null for a built-in protocol'),
  created_by: z.string().nullable(),
  superseded_by: z.number().int().positive().nullable().describe('The next version, if any'),
  in_use: z.boolean().describe('Referenced by a schedule in force or a stored session'),
});
export type ProtocolView = z.infer<typeof protocolViewSchema>;

/** GET /api/protocols: every version, newest version of each name first. */
export const protocolListSchema = z.object({ protocols: z.array(protocolViewSchema) });
export type ProtocolList = z.infer<typeof protocolListSchema>;

/** POST /api/protocols: a new protocol, or a new version of one (version = latest + 1, given by the server). */
export const protocolCreateSchema = protocolSchema.omit({ version: true, format: true });
export type ProtocolCreate = z.infer<typeof protocolCreateSchema>;

/** GET /api/protocols/:name/:version/file: one version, as its exported file. */
export const protocolParamsSchema = z.object({
  name: protocolSchema.shape.name,
  version: z.coerce.number().int().positive(),
});

/** POST /api/protocols/import answers with the version and whether it was new. */
export const protocolImportResultSchema = z.object({
  protocol: protocolViewSchema,
  outcome: z.enum(['inserted', 'identical']).describe('identical: that very file was imported before'),
});
export type ProtocolImportResult = z.infer<typeof protocolImportResultSchema>;
