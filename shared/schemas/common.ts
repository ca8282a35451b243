import { z } from 'zod';

/** The MQTT payload schema version every unit→ message carries as `v`. */
export const SCHEMA_VERSION = 1 as const;

export const unitIdSchema = z
  .string()
  .regex(/^[a-z0-9-]{1,32}$/, 'unit id must be 1–32 characters of a-z, 0-9 and -')
  .describe('Unit id: 1–32 characters of a-z, 0-9 and -');

/** ms since the Unix epoch, UTC. */
export const timestampSchema = z.number().int().nonnegative().describe('ms since the Unix epoch, UTC');

export const epochIdSchema = z
  .string()
  .regex(/^[a-z0-9-]{8,64}$/, 'epoch must be 8–64 characters of a-z, 0-9 and -')
  .describe('Made when the unit state dir is created; a wiped state dir starts a new epoch');

export const sessionIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'session id: 1–64 of A-Z a-z 0-9 _ -');

/** Fields on every unit→ payload. */
export const envelopeSchema = z.object({
  v: z.literal(SCHEMA_VERSION),
  unit: unitIdSchema,
  ts: timestampSchema,
});

/** Fields on the durable session messages: contiguous per epoch, never reused, survive restarts. */
export const durableEnvelopeSchema = envelopeSchema.extend({
  epoch: epochIdSchema,
  seq: z.number().int().nonnegative().describe('+1 per durable message within an epoch'),
});

export type Envelope = z.infer<typeof envelopeSchema>;
export type DurableEnvelope = z.infer<typeof durableEnvelopeSchema>;

/** Where a session stands. `idle` is the unit between sessions. */
export const phaseSchema = z.enum(['idle', 'settling', 'descending', 'fading', 'paused', 'ended', 'stopped']);
export type Phase = z.infer<typeof phaseSchema>;

/** Why a session ended (DESIGN.md, `nocturne render`). */
export const endReasonSchema = z.enum(['timer', 'calm', 'button', 'command', 'fault']);
export type EndReason = z.infer<typeof endReasonSchema>;

/** What started a session. */
export const startTriggerSchema = z.enum(['button', 'schedule', 'command', 'auto']);
export type StartTrigger = z.infer<typeof startTriggerSchema>;

/** A fault a port or the unit reports with a stable code (device/errors/codes.ts). */
export const faultSchema = z.object({
  code: z.string().regex(/^E_[A-Z0-9_]+$/),
  port: z.enum(['audio', 'light', 'pulse', 'remote', 'broker', 'clock', 'unit']),
  message: z.string().max(500),
  since: timestampSchema,
});
export type Fault = z.infer<typeof faultSchema>;
