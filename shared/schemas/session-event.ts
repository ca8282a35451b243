import { z } from 'zod';
import {
  durableEnvelopeSchema,
  endReasonSchema,
  phaseSchema,
  sessionIdSchema,
  startTriggerSchema,
  timestampSchema,
} from './common.js';
import { protocolRefSchema } from './protocol-ref.js';

const base = durableEnvelopeSchema.extend({ session_id: sessionIdSchema });

export const sessionStartedSchema = base.extend({
  type: z.literal('started'),
  trigger: startTriggerSchema,
  planned_s: z.number().positive().describe('Configured session length, seconds'),
});

export const sessionPhaseSchema = base.extend({
  type: z.literal('phase'),
  phase: phaseSchema,
  reason: z.string().max(200).describe('Why the program changed phase'),
});

export const sessionStoppedSchema = base.extend({
  type: z.literal('stopped'),
  end_reason: endReasonSchema,
  duration_s: z.number().nonnegative(),
});

/** A scheduled start the unit did not run; `session_id` names the occurrence (no session ran). */
const occurrenceBase = base.extend({
  session_id: sessionIdSchema.describe('Id of the scheduled occurrence: sch-<scheduled_at base 36>-<entry>'),
  scheduled_at: timestampSchema.describe('When the occurrence was due'),
  schedule_version: z.number().int().positive(),
  entry: z.number().int().nonnegative().describe('Index of the schedule entry'),
  protocol: protocolRefSchema,
});

export const sessionMissedSchema = occurrenceBase.extend({
  type: z.literal('missed'),
  reason: z
    .enum(['unit_off', 'clock_unsynced', 'late', 'start_failed'])
    .describe(
      'unit_off: not running then; clock_unsynced: its clock was not synchronised; late: found past the grace window',
    ),
  late_s: z.number().nonnegative().describe('How late the unit found it'),
});

export const sessionSkippedSchema = occurrenceBase.extend({
  type: z.literal('skipped'),
  reason: z.enum(['session_in_progress']).describe('A session in progress is never interrupted'),
});

/** Durable: started / phase / stopped, with reason; missed / skipped for scheduled starts not run. */
export const sessionEventSchema = z.discriminatedUnion('type', [
  sessionStartedSchema,
  sessionPhaseSchema,
  sessionStoppedSchema,
  sessionMissedSchema,
  sessionSkippedSchema,
]);
export type SessionEvent = z.infer<typeof sessionEventSchema>;
