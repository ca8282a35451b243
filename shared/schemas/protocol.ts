import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../canonical-json.js';
import { NocturneError, SharedErrorCode } from '../errors.js';
import { formatIssues } from '../format-issues.js';
import { type ProgramConfig, programConfigSchema } from './program-params.js';
import { DEFAULT_PROTOCOL, type ProtocolRef, protocolNameSchema } from './protocol-ref.js';

/**
 * A named, versioned intervention: the wind-down program's parameters, so another clinic runs
 * exactly the same session (CLINICAL.md:10-11: the field lacks standardised protocols). The
 * parameter ranges are the program schema's, which are CLINICAL.md's limits. A protocol in use
 * is never edited: a change is a new version.
 */
export const protocolSchema = z.object({
  format: z.literal(1).default(1).describe('Protocol file format'),
  name: protocolNameSchema,
  version: z.number().int().positive(),
  title: z.string().min(1).max(120),
  description: z.string().max(2000).optional(),
  params: programConfigSchema.describe('Program parameters; omitted ones take their defaults'),
});
export type Protocol = z.infer<typeof protocolSchema>;

/** What a session report carries about the protocol it ran. */
export const protocolStampSchema = z.object({
  name: protocolNameSchema,
  version: z.number().int().positive(),
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe("SHA-256 of the resolved parameters' canonical JSON"),
});
export type ProtocolStamp = z.infer<typeof protocolStampSchema>;

/** The exported file: the protocol with every parameter resolved, and their hash to check on import. */
export const protocolFileSchema = protocolSchema.extend({ hash: protocolStampSchema.shape.hash.optional() });

/** A protocol a schedule carries to its unit: the definition and the hash the unit checks it by. */
export const carriedProtocolSchema = protocolSchema.extend({ hash: protocolStampSchema.shape.hash });
export type CarriedProtocol = z.infer<typeof carriedProtocolSchema>;

/** SHA-256 of the resolved parameters' canonical JSON (DESIGN.md, `nocturne render`). */
export function paramsHash(params: ProgramConfig): string {
  return createHash('sha256').update(canonicalJson(params)).digest('hex');
}

export function protocolStamp(p: Pick<Protocol, 'name' | 'version' | 'params'>): ProtocolStamp {
  return { name: p.name, version: p.version, hash: paramsHash(p.params) };
}

/** The clinical default: 45 min at bedtime, iso principle (CLINICAL.md "Session"). */
export const ISO_45: Protocol = Object.freeze(
  protocolSchema.parse({
    name: DEFAULT_PROTOCOL.name,
    version: DEFAULT_PROTOCOL.version,
    title: 'Iso principle, 45 minutes',
    description:
      'Start near the heart rate (tempo capped at 80), glide towards 60 BPM, fade to silence and darkness; 45 min at bedtime (CLINICAL.md "Session").',
    params: { session_minutes: 45 },
  }),
);

/** Protocols every unit knows without being told. */
export const BUILT_IN_PROTOCOLS: readonly Protocol[] = [ISO_45];

export function findProtocol(
  ref: ProtocolRef,
  known: readonly Protocol[] = BUILT_IN_PROTOCOLS,
): Protocol | undefined {
  return known.find((p) => p.name === ref.name && p.version === ref.version);
}

/** One JSON file that another clinic imports to run the same intervention. */
export function exportProtocol(p: Protocol): string {
  return `${JSON.stringify({ ...p, hash: paramsHash(p.params) }, null, 2)}\n`;
}

/** Reads an exported protocol; refuses a bad file, and one whose hash does not match its parameters. */
export function importProtocol(text: string): Protocol {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new NocturneError(SharedErrorCode.BadInput, 'protocol file is not JSON');
  }
  return readProtocolFile(json);
}

/** A protocol file already parsed from JSON (an HTTP body): checked as `importProtocol` does. */
export function readProtocolFile(json: unknown): Protocol {
  const parsed = protocolFileSchema.safeParse(json);
  if (!parsed.success) throw new NocturneError(SharedErrorCode.BadInput, formatIssues(parsed.error));
  const { hash, ...protocol } = parsed.data;
  if (hash !== undefined && hash !== paramsHash(protocol.params)) {
    throw new NocturneError(
      SharedErrorCode.ProtocolHashMismatch,
      `protocol ${protocol.name} v${protocol.version}: its hash does not match its parameters`,
    );
  }
  return protocol;
}
