import { z } from 'zod';
import { envelopeSchema, timestampSchema } from './common.js';

export const cmdIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'cmd_id: 8–64 of A-Z a-z 0-9 _ -')
  .describe('Unique per command; a repeat is answered again but executed once');

const commandBase = z.object({
  cmd_id: cmdIdSchema,
  issued_at: timestampSchema,
  expires_at: timestampSchema.describe('Never executed after this time'),
});

/** The argument schema of each command (`cmd/<name>`); what they do is the unit program's business. */
export const commandArgs = {
  start: z.object({}).strict().default({}),
  stop: z.object({}).strict().default({}),
  snooze: z
    .object({ minutes: z.number().int().min(1).max(120).describe('Postpone the next scheduled session') })
    .strict(),
  config: z
    .object({
      session_minutes: z.number().min(20).max(90).optional(),
      volume_cap_dba: z.number().min(20).max(60).optional(),
      light_cap: z.number().min(0).max(1).optional(),
    })
    .strict(),
} as const;

export type CommandName = keyof typeof commandArgs;
export const COMMAND_NAMES = Object.keys(commandArgs) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commandArgs, name);
}

/** →unit: `cmd/<name>`, one schema per command. */
export const commandSchemas = {
  start: commandBase.extend({ args: commandArgs.start }),
  stop: commandBase.extend({ args: commandArgs.stop }),
  snooze: commandBase.extend({ args: commandArgs.snooze }),
  config: commandBase.extend({ args: commandArgs.config }),
} as const;
export type Command<N extends CommandName = CommandName> = z.infer<(typeof commandSchemas)[N]>;

/** Just enough of a command to answer it, even when the rest is malformed. */
export const commandHeaderSchema = z.object({ cmd_id: cmdIdSchema });

/** unit→ `cmd/<name>/ack`: `accepted` or `rejected` (with a reason), then `done`. */
export const commandAckSchema = envelopeSchema.extend({
  cmd_id: cmdIdSchema,
  status: z.enum(['accepted', 'rejected', 'done']),
  reason: z.string().max(500).optional(),
});
export type CommandAck = z.infer<typeof commandAckSchema>;
export type AckStatus = CommandAck['status'];
