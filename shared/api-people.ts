import { z } from 'zod';
import { commandViewSchema, sessionEventViewSchema, sessionViewSchema, unitViewSchema } from './api.js';
import { sessionIdSchema, timestampSchema, unitIdSchema } from './schemas/common.js';
import { sessionSampleSchema } from './schemas/session-samples.js';

/** HTTP bodies of people, patients, access and audit (DESIGN.md "Controller: people, patients, access"). */

export const roleSchema = z.enum(['admin', 'caregiver', 'viewer']);
export type Role = z.infer<typeof roleSchema>;

export const usernameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'username: 1–64 of a-z, 0-9, ".", "_", "-"');

export const patientCodeSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'patient code: 1–32 of A-Z, a-z, 0-9, "_", "-"')
  .describe('Pseudonymous patient code; no name is stored');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
export const timeZoneSchema = z.string().max(64).refine(isTimeZone, 'unknown IANA time zone');

/** POST /api/login. Loose on purpose: a malformed name must get the same 401 as an unknown one. */
export const loginRequestSchema = z.object({
  username: z.string().max(200),
  password: z.string().max(1024),
});

/** POST /api/login, GET /api/me. */
export const meSchema = z.object({ username: usernameSchema, role: roleSchema, csrf_token: z.string() });
export type Me = z.infer<typeof meSchema>;

/** POST /api/me/password */
export const passwordChangeSchema = z.object({
  current_password: z.string().max(1024),
  new_password: z.string().min(12, 'at least 12 characters').max(1024),
});

/** POST /api/users (admin). */
export const userCreateSchema = z.object({ username: usernameSchema, role: roleSchema });
/** A new account or a reset password: the password is shown once. */
export const userIssuedSchema = z.object({
  username: usernameSchema,
  role: roleSchema,
  password: z.string(),
});
/** PATCH /api/users/:username (admin). */
export const userUpdateSchema = z.object({ role: roleSchema.optional(), disabled: z.boolean().optional() });
export const userViewSchema = z.object({
  username: usernameSchema,
  role: roleSchema,
  disabled: z.boolean(),
  created_at: timestampSchema,
});
export type UserView = z.infer<typeof userViewSchema>;
export const usernameParamsSchema = z.object({ username: usernameSchema });

/** POST /api/patients (admin). `caregivers`: the assigned users, caregivers and viewers alike. */
export const patientCreateSchema = z.object({
  code: patientCodeSchema,
  timezone: timeZoneSchema,
  unit: unitIdSchema.nullable(),
  caregivers: z.array(usernameSchema).max(50).default([]),
});
/** PATCH /api/patients/:code (admin). */
export const patientUpdateSchema = z.object({
  unit: unitIdSchema.nullable().optional(),
  caregivers: z.array(usernameSchema).max(50).optional(),
});
export const patientParamsSchema = z.object({ code: patientCodeSchema });

export const patientViewSchema = z.object({
  code: patientCodeSchema,
  timezone: z.string(),
  unit: unitIdSchema.nullable(),
  caregivers: z.array(usernameSchema),
  /** The assigned unit's live view (null without a unit or before it reported). */
  live: unitViewSchema.nullable(),
});
export type PatientView = z.infer<typeof patientViewSchema>;

export const patientDetailSchema = patientViewSchema.extend({
  unit_history: z.array(
    z.object({ unit: unitIdSchema, from_at: timestampSchema, to_at: timestampSchema.nullable() }),
  ),
});

export const patientSessionParamsSchema = patientParamsSchema.extend({ session_id: sessionIdSchema });
export const sessionPointsQuerySchema = z.object({
  points: z.coerce.number().int().min(2).max(10_000).optional(),
});
/** GET /api/patients/:code/sessions/:session_id: the report and the samples (downsampled on request). */
export const patientSessionDetailSchema = z.object({
  session: sessionViewSchema,
  report: z.record(z.string(), z.unknown()).nullable(),
  samples: z.array(sessionSampleSchema),
  /** The session's events (started, phase, stopped …), for marks on the night review's time axis. */
  events: z.array(sessionEventViewSchema),
  /** Commands sent to the unit from the session's start to its end (or to now while it runs). */
  commands: z.array(commandViewSchema),
});
export type PatientSessionDetail = z.infer<typeof patientSessionDetailSchema>;

export const patientCommandParamsSchema = patientParamsSchema.extend({ name: z.string().max(32) });

export const exportQuerySchema = z.object({
  format: z.enum(['csv', 'json']).default('json'),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
});
/** One row per stored sample, with its session and the session's report fields (docs/export.md). */
export const exportRowSchema = z.object({
  patient: patientCodeSchema,
  unit: unitIdSchema,
  session_id: sessionIdSchema,
  t: timestampSchema,
  phase: z.string(),
  bpm: z.number().nullable(),
  quality: z.number(),
  trend_bpm: z.number().nullable(),
  volume_db: z.number().nullable(),
  light: z.number(),
  tempo_bpm: z.number(),
  started_at: timestampSchema.nullable(),
  ended_at: timestampSchema.nullable(),
  trigger: z.string().nullable(),
  planned_s: z.number().nullable(),
  end_reason: z.string().nullable(),
  duration_s: z.number().nullable(),
  baseline_bpm: z.number().nullable(),
  min_bpm: z.number().nullable(),
  calm_point_s: z.number().nullable(),
  fade_start_s: z.number().nullable(),
  valid_pulse_fraction: z.number().nullable(),
});
export type ExportRow = z.infer<typeof exportRowSchema>;

export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  before: z.coerce.number().int().positive().optional(),
});
export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: timestampSchema,
  actor: z.string(),
  action: z.string(),
  patient: z.string().nullable(),
  unit: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  outcome: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
