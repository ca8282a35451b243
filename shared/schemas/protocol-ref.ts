import { z } from 'zod';

/** A protocol's name: what a clinic calls it, stable across its versions. */
export const protocolNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,47}$/,
    'protocol name: 1–48 of a-z, 0-9 and -, starting with a letter or digit',
  )
  .describe('Protocol name, e.g. iso-45');

/** Which protocol (and which version of it) a schedule entry runs. */
export const protocolRefSchema = z.object({
  name: protocolNameSchema,
  version: z
    .number()
    .int()
    .positive()
    .describe('Protocol version; a protocol in use is superseded, never edited'),
});
export type ProtocolRef = z.infer<typeof protocolRefSchema>;

/** The clinical default (CLINICAL.md "Session": 45 min at bedtime, iso principle). */
export const DEFAULT_PROTOCOL: ProtocolRef = Object.freeze({ name: 'iso-45', version: 1 });
