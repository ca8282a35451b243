import { z } from 'zod';
import {
  endReasonSchema,
  faultSchema,
  phaseSchema,
  sessionIdSchema,
  startTriggerSchema,
  timestampSchema,
  unitIdSchema,
} from './schemas/common.js';

/** HTTP API bodies (controller/http), shared with the dashboard. snake_case, times in ms UTC. */

export const unitViewSchema = z.object({
  id: unitIdSchema,
  online: z.boolean(),
  status_changed_at: timestampSchema.nullable(),
  last_seen_at: timestampSchema,
  phase: phaseSchema.nullable(),
  bpm: z.number().nullable(),
  volume_db: z.number().nullable(),
  light: z.number().nullable(),
  session_id: sessionIdSchema.nullable(),
  state_ts: timestampSchema.nullable(),
  faults: z.array(faultSchema),
  firmware: z.string().nullable(),
  simulated: z.boolean().nullable(),
  calibrated: z.boolean().nullable(),
});
export type UnitView = z.infer<typeof unitViewSchema>;

export const sessionViewSchema = z.object({
  unit: unitIdSchema,
  session_id: sessionIdSchema,
  started_at: timestampSchema.nullable(),
  ended_at: timestampSchema.nullable(),
  end_reason: endReasonSchema.nullable(),
  trigger: startTriggerSchema.nullable(),
  planned_s: z.number().nullable(),
  duration_s: z.number().nullable(),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

export const sessionEventViewSchema = z.object({
  epoch: z.string(),
  seq: z.number().int(),
  ts: timestampSchema,
  type: z.string(),
  payload: z.record(z.string(), z.unknown()),
});

export const sessionDetailSchema = sessionViewSchema.extend({ events: z.array(sessionEventViewSchema) });
export type SessionDetail = z.infer<typeof sessionDetailSchema>;

export const apiErrorSchema = z.object({ code: z.string(), message: z.string() });
export type ApiError = z.infer<typeof apiErrorSchema>;

export const ingestStatsSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  rejects: z.array(
    z.object({
      unit: z.string(),
      reason: z.string(),
      count: z.number().int(),
      last_at: timestampSchema,
      last_error: z.string(),
    }),
  ),
});
export type IngestStats = z.infer<typeof ingestStatsSchema>;
