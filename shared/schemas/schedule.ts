import { z } from 'zod';
import { envelopeSchema, timestampSchema } from './common.js';

export const weekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof weekdaySchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const scheduleEntrySchema = z.object({
  days: z.array(weekdaySchema).min(1).max(7),
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:MM, 24-hour')
    .describe('Local start time in the schedule time zone, HH:MM'),
  /** 20–90 min (CLINICAL.md "Session": default 45, configurable 20–90). */
  duration_min: z.number().int().min(20).max(90),
  enabled: z.boolean().default(true),
});
export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;

/** What a caregiver plans; the body of the retained `schedule` topic without its version. */
export const scheduleBodySchema = z.object({
  timezone: z
    .string()
    .max(64)
    .refine(isTimeZone, 'unknown IANA time zone')
    .describe('IANA time zone of the entries, e.g. Europe/Berlin'),
  entries: z.array(scheduleEntrySchema).max(14),
});

/** →unit, retained: the desired schedule. A unit applies a version once and acks it. */
export const scheduleSchema = scheduleBodySchema.extend({
  version: z.number().int().positive().describe('Raised by the controller with every change'),
  issued_at: timestampSchema,
});
export type Schedule = z.infer<typeof scheduleSchema>;

/** unit→, retained: which schedule version is in force, or why the last one was refused. */
export const scheduleAppliedSchema = envelopeSchema.extend({
  status: z.enum(['applied', 'rejected']),
  version: z
    .number()
    .int()
    .positive()
    .nullable()
    .describe('The version applied or refused (null if unreadable)'),
  applied_version: z
    .number()
    .int()
    .positive()
    .nullable()
    .describe('The version in force on the unit (null: none)'),
  reason: z.string().max(500).optional(),
  next_session_at: timestampSchema.nullable(),
});
export type ScheduleApplied = z.infer<typeof scheduleAppliedSchema>;
