import { z } from 'zod';
import { commandViewSchema, sessionViewSchema, unitViewSchema } from './api.js';
import { patientCodeSchema, patientParamsSchema, usernameSchema } from './api-people.js';
import {
  endReasonSchema,
  faultSchema,
  sessionIdSchema,
  timestampSchema,
  unitIdSchema,
} from './schemas/common.js';

/**
 * HTTP bodies of the caregiver dashboard (issue 14): alerts, nights, notes, command history, the
 * unit's health and the printable summary. snake_case, times in ms UTC, nights as "YYYY-MM-DD"
 * (the evening's date in the patient's time zone: a session at 00:30 counts for the night before).
 */

const nightDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'night: YYYY-MM-DD')
  .describe("The evening's date in the patient's time zone");

// ---------------------------------------------------------------- alerts

/** The built-in rules (controller/alerts/rules.ts); other engines raise their own kinds. */
export const AlertKind = {
  UnitOffline: 'unit_offline',
  SessionMissed: 'session_missed',
  NoData: 'no_data',
  PortFault: 'port_fault',
} as const;

export const alertKindSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_.]{0,47}$/, 'alert kind: a-z, 0-9, "_", "."')
  .describe(
    'unit_offline, session_missed, no_data, port_fault, or a kind another engine raises (e.g. phq9_self_harm)',
  );

/** info: worth a look; warning: act tonight; high: act now (e.g. a PHQ-9 self-harm answer). */
export const alertSeveritySchema = z.enum(['info', 'warning', 'high']);
export type AlertSeverity = z.infer<typeof alertSeveritySchema>;

/** open → acknowledged (someone has seen it) → cleared (by a person, or when the condition ends). */
export const alertStatusSchema = z.enum(['open', 'acknowledged', 'cleared']);
export type AlertStatus = z.infer<typeof alertStatusSchema>;

/**
 * One alert. An ongoing condition is ONE alert: while it lasts, `last_seen_at` and `count` move
 * and the message is updated; it is never raised again until it has cleared.
 */
export const alertViewSchema = z.object({
  id: z.number().int(),
  patient: patientCodeSchema,
  unit: unitIdSchema.nullable(),
  kind: alertKindSchema,
  /** What makes two raises the same condition (e.g. `port_fault:pulse:E_PULSE_NO_SIGNAL`). */
  key: z.string().max(128),
  severity: alertSeveritySchema,
  status: alertStatusSchema,
  message: z.string().max(500),
  detail: z.record(z.string(), z.unknown()),
  opened_at: timestampSchema,
  last_seen_at: timestampSchema.describe('The last evaluation that still found the condition'),
  count: z.number().int().positive().describe('Evaluations (or raises) that found it'),
  acked_at: timestampSchema.nullable(),
  acked_by: z.string().nullable(),
  cleared_at: timestampSchema.nullable(),
  /** A username, or `system` when the condition ended by itself. */
  cleared_by: z.string().nullable(),
});
export type AlertView = z.infer<typeof alertViewSchema>;

/** GET /api/alerts (the caller's patients), GET /api/patients/:code/alerts. */
export const alertListQuerySchema = z.object({
  /** active: open and acknowledged (the default); all: cleared as well. */
  status: z.enum(['active', 'open', 'acknowledged', 'cleared', 'all']).default('active'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const alertParamsSchema = patientParamsSchema.extend({ id: z.coerce.number().int().positive() });

/** POST /api/patients/:code/alerts/:id/ack and …/clear (audited; viewers cannot). */
export const alertActionSchema = z.object({ note: z.string().max(500).optional() });

/** Per-patient thresholds of the built-in rules; GET|PUT /api/patients/:code/alert-settings. */
export const alertSettingsSchema = z.object({
  /** A unit silent this long inside a scheduled session window is offline. */
  offline_after_min: z.number().int().min(1).max(240).default(10),
  /** A scheduled start with no session this long after it is a missed session. */
  missed_after_min: z.number().int().min(5).max(240).default(30),
  /** This many nights running without any telemetry raise `no_data`. */
  no_data_nights: z.number().int().min(1).max(30).default(3),
  /** A port fault standing this long raises `port_fault` (brief glitches do not). */
  fault_after_s: z.number().int().min(0).max(3600).default(60),
  /** Kinds switched off for this patient. */
  muted: z.array(alertKindSchema).max(16).default([]),
});
export type AlertSettings = z.infer<typeof alertSettingsSchema>;

/** What another engine (outcomes: the PHQ-9 self-harm answer) hands to `raise`. */
export const alertRaiseSchema = z.object({
  patient: patientCodeSchema,
  unit: unitIdSchema.nullable().default(null),
  kind: alertKindSchema,
  key: z.string().max(128).optional(),
  severity: alertSeveritySchema,
  message: z.string().max(500),
  detail: z.record(z.string(), z.unknown()).default({}),
});
export type AlertRaise = z.input<typeof alertRaiseSchema>;

// ---------------------------------------------------------------- nights

/**
 * How a night went, for the adherence calendar:
 * - completed: a session ended by its timer or the calm point;
 * - stopped_early: ended by the button or a command before its planned length;
 * - fault: ended by a fault (e.g. the unit restarted);
 * - in_progress: a session started and has not ended (yet);
 * - missed: no session, and the unit was heard that night, with a session scheduled;
 * - no_data: no session, and the unit sent nothing that night (offline: we cannot know);
 * - none: no session, nothing scheduled, the unit was heard (or no unit was assigned).
 */
export const nightStatusSchema = z.enum([
  'completed',
  'stopped_early',
  'fault',
  'in_progress',
  'missed',
  'no_data',
  'none',
]);
export type NightStatus = z.infer<typeof nightStatusSchema>;

/**
 * A night's completion, 0..1: its main (longest) session's duration / planned, 1 when its timer or
 * the calm point ended it; null without a session or a planned length. One definition
 * (controller/patients/completion.ts) for the nights API and the outcome trends.
 */
export const completionSchema = z
  .number()
  .min(0)
  .max(1)
  .nullable()
  .describe("the night's main session's duration / planned, 1 when its timer or calm point ended it");

export const nightSchema = z.object({
  night: nightDateSchema,
  status: nightStatusSchema,
  /** The scheduled start that night, if any. */
  scheduled_at: timestampSchema.nullable(),
  /** The night's main session (the longest), whose metrics follow; null without one. */
  session_id: sessionIdSchema.nullable(),
  /** Every session that night, oldest first. */
  session_ids: z.array(sessionIdSchema),
  started_at: timestampSchema.nullable(),
  end_reason: endReasonSchema.nullable(),
  duration_s: z.number().nullable(),
  planned_s: z.number().nullable(),
  completion: completionSchema,
  baseline_bpm: z.number().nullable(),
  min_bpm: z.number().nullable(),
  calm_point_s: z.number().nullable(),
  valid_pulse_fraction: z.number().nullable(),
});
export type Night = z.infer<typeof nightSchema>;

/** GET /api/patients/:code/nights?days=N&to=YYYY-MM-DD (default: the last 28 nights to last night). */
export const nightsQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(366).default(28),
  to: nightDateSchema.optional(),
});

export const nightsViewSchema = z.object({
  patient: patientCodeSchema,
  timezone: z.string(),
  from: nightDateSchema,
  to: nightDateSchema,
  /** Oldest first, one entry per night, none left out. */
  nights: z.array(nightSchema),
});
export type NightsView = z.infer<typeof nightsViewSchema>;

// ---------------------------------------------------------------- notes

/** POST /api/patients/:code/notes (audited; not for viewers). */
export const noteCreateSchema = z.object({
  text: z.string().trim().min(1).max(4000),
  /** The night or session the note is about, if any. */
  session_id: sessionIdSchema.nullable().default(null),
});

export const noteViewSchema = z.object({
  id: z.number().int(),
  patient: patientCodeSchema,
  author: usernameSchema,
  at: timestampSchema,
  text: z.string(),
  session_id: sessionIdSchema.nullable(),
});
export type NoteView = z.infer<typeof noteViewSchema>;

export const notesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
});

// ---------------------------------------------------------------- commands

/** A command as the dashboard shows it: the unit's answer, or `expired` once past expires_at unanswered. */
export const commandStateSchema = z.enum(['sent', 'accepted', 'done', 'rejected', 'expired']);
export type CommandState = z.infer<typeof commandStateSchema>;

export const commandHistoryEntrySchema = commandViewSchema.extend({
  state: commandStateSchema.describe(
    'status, except `expired` for sent or accepted commands past expires_at',
  ),
  /** Who sent it (from the audit log), null when unknown. */
  actor: z.string().nullable(),
});
export type CommandHistoryEntry = z.infer<typeof commandHistoryEntrySchema>;

/** GET /api/patients/:code/commands */
export const commandHistoryQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

// ---------------------------------------------------------------- unit health

/** The assigned unit's health for the patient page: faults, firmware and ports from its retained info/state. */
export const unitHealthSchema = z.object({
  unit: unitIdSchema.nullable(),
  live: unitViewSchema.nullable(),
  faults: z.array(faultSchema),
  firmware: z.string().nullable(),
  simulated: z.boolean().nullable(),
  calibrated: z.boolean().nullable(),
  ports: z
    .record(z.string(), z.object({ adapter: z.string(), ok: z.boolean(), code: z.string().nullable() }))
    .describe('audio, light, pulse, remote'),
  next_session_at: timestampSchema.nullable(),
});
export type UnitHealth = z.infer<typeof unitHealthSchema>;

// ---------------------------------------------------------------- print summary

/** GET /api/patients/:code/summary: the printable page, the last four weeks to now. */
export const patientSummarySchema = z.object({
  patient: patientCodeSchema,
  timezone: z.string(),
  generated_at: timestampSchema,
  from: nightDateSchema,
  to: nightDateSchema,
  unit: unitIdSchema.nullable(),
  firmware: z.string().nullable(),
  nights: z.array(nightSchema),
  counts: z.record(nightStatusSchema, z.number().int().nonnegative()),
  /** Nights with a session / nights scheduled (null when nothing was scheduled). */
  adherence: z.number().min(0).max(1).nullable(),
  /** Medians over the nights with a session; null without one. */
  medians: z.object({
    baseline_bpm: z.number().nullable(),
    min_bpm: z.number().nullable(),
    calm_point_s: z.number().nullable(),
    completion: z.number().nullable(),
  }),
  sessions: z.array(sessionViewSchema),
  alerts: z.array(alertViewSchema).describe('Alerts opened in the period'),
  notes: z.array(noteViewSchema).describe('Notes written in the period'),
});
export type PatientSummary = z.infer<typeof patientSummarySchema>;

// ---------------------------------------------------------------- overview

/**
 * GET /api/overview: per patient of the caller, what the overview row needs besides the live unit
 * view (GET /api/patients, then SSE): last night's outcome, the next scheduled session and the
 * active alerts, in one request.
 */
export const overviewEntrySchema = z.object({
  patient: patientCodeSchema,
  last_night: nightSchema.nullable(),
  next_session_at: timestampSchema.nullable(),
  active_alerts: z.number().int().nonnegative(),
  /** The highest severity among the active alerts; null without any. */
  top_severity: alertSeveritySchema.nullable(),
});
export type OverviewEntry = z.infer<typeof overviewEntrySchema>;

// ---------------------------------------------------------------- live stream

/**
 * Events on GET /api/live besides `snapshot` and `unit`: `alert` carries an AlertView whenever an
 * alert of one of the caller's patients opens, changes or clears; `alerts` (on connect) the active ones.
 */
export const liveAlertEventSchema = alertViewSchema;
