import { z } from 'zod';
import {
  durableEnvelopeSchema,
  endReasonSchema,
  phaseSchema,
  sessionIdSchema,
  startTriggerSchema,
} from './common.js';

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

/** Durable: started / phase / stopped, with reason. */
export const sessionEventSchema = z.discriminatedUnion('type', [
  sessionStartedSchema,
  sessionPhaseSchema,
  sessionStoppedSchema,
]);
export type SessionEvent = z.infer<typeof sessionEventSchema>;
