import { z } from 'zod';
import { scheduleStatusSchema } from './api-schedule.js';
import {
  endReasonSchema,
  faultSchema,
  phaseSchema,
  sessionIdSchema,
  startTriggerSchema,
  timestampSchema,
  unitIdSchema,
} from './schemas/common.js';
import { scheduleSchema } from './schemas/schedule.js';

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
  /** Seqs that never arrived (after the grace period), per unit and epoch. */
  gaps: z.array(z.lazy(() => seqGapViewSchema)),
});
export type IngestStats = z.infer<typeof ingestStatsSchema>;

export const seqGapViewSchema = z.object({
  unit: z.string(),
  epoch: z.string(),
  from_seq: z.number().int(),
  to_seq: z.number().int(),
  detected_at: timestampSchema,
});

/** A command the controller sent, with the unit's latest answer. */
export const commandViewSchema = z.object({
  cmd_id: z.string(),
  unit: unitIdSchema,
  name: z.string(),
  args: z.record(z.string(), z.unknown()),
  issued_at: timestampSchema,
  expires_at: timestampSchema,
  status: z.enum(['sent', 'accepted', 'rejected', 'done']),
  reason: z.string().nullable(),
  updated_at: timestampSchema,
});
export type CommandView = z.infer<typeof commandViewSchema>;

/** POST /api/units/:id/commands/:name */
export const commandRequestSchema = z.object({
  args: z.record(z.string(), z.unknown()).default({}),
  /** How long the command stays valid; a unit that gets it later rejects it as expired. */
  ttl_s: z.number().int().min(1).max(86_400).default(300),
});

/** GET /api/units/:id/schedule: what the controller wants and what the unit answered. */
export const scheduleViewSchema = z.object({
  unit: unitIdSchema,
  desired: scheduleSchema.nullable(),
  applied: z.object({
    status: z.enum(['applied', 'rejected']).nullable(),
    version: z.number().int().nullable(),
    reason: z.string().nullable(),
    /** Every problem the unit found with the version it refused, as `path: message`. */
    reasons: z.array(z.string()),
    /** The version the unit's last answer was about (applied or refused). */
    answered_version: z.number().int().nullable(),
    at: timestampSchema.nullable(),
    next_session_at: timestampSchema.nullable(),
  }),
  status: scheduleStatusSchema,
  /** The unit's volume cap from its `info` (dB(A)); a start volume above it is refused. */
  volume_cap_dba: z.number().nullable(),
  /** From the unit's last `state`: why it holds scheduled sessions back now (null: they run). */
  hold: z.enum(['clock_unsynced']).nullable(),
  /** From the unit's last `state`: its next scheduled start. */
  next_session_at: timestampSchema.nullable(),
});
export type ScheduleView = z.infer<typeof scheduleViewSchema>;
