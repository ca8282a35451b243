import { z } from 'zod';
import { rruleProblem } from '../rrule.js';
import { envelopeSchema, timestampSchema } from './common.js';
import { carriedProtocolSchema } from './protocol.js';
import { DEFAULT_PROTOCOL, protocolRefSchema } from './protocol-ref.js';

export const weekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof weekdaySchema>;

/**
 * The schedule model this code understands. 1: weekly entries only; 2 adds RRULEs, a program per
 * entry, start and end dates and pauses. Every format-1 payload is a valid format-2 one.
 */
export const SCHEDULE_FORMAT = 2 as const;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A calendar date in the schedule's time zone (the night a session starts on). */
export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD')
  .refine(isCalendarDate, 'no such date')
  .describe('Local date in the schedule time zone, YYYY-MM-DD');

/** Grace window for a late start (issue 15: 30 min by default, per entry). */
export const DEFAULT_GRACE_MIN = 30;

export const scheduleEntrySchema = z
  .object({
    days: z.array(weekdaySchema).min(1).max(7).optional().describe('Weekdays it runs on (or `rrule`)'),
    rrule: z
      .string()
      .max(300)
      .optional()
      .describe(
        'RFC 5545 RRULE instead of `days`, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH: expanded in the schedule time zone from `starts_on` at `time`; FREQ DAILY, WEEKLY, MONTHLY or YEARLY, no DTSTART, BYHOUR, BYMINUTE or BYSECOND',
      ),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:MM, 24-hour')
      .describe('Local start time in the schedule time zone, HH:MM'),
    /** 20–90 min (CLINICAL.md "Session": default 45, configurable 20–90). */
    duration_min: z.number().int().min(20).max(90),
    enabled: z.boolean().default(true),
    protocol: protocolRefSchema.default(DEFAULT_PROTOCOL).describe('The protocol this entry runs'),
    preset: z.string().max(64).optional().describe('Generative music preset (or `playlist`)'),
    playlist: z.array(z.string().min(1).max(500)).min(1).max(200).optional().describe('Music files'),
    start_volume_dba: z
      .number()
      .min(30)
      .max(60)
      .optional()
      .describe('Start volume, dB(A) at the pillow; the unit refuses one above its cap'),
    light: z.boolean().default(true).describe('Whether the light runs during the session'),
    grace_min: z
      .number()
      .int()
      .min(0)
      .max(120)
      .default(DEFAULT_GRACE_MIN)
      .describe('A start found late by at most this much still runs; later it is recorded as missed'),
  })
  .superRefine((e, ctx) => {
    if ((e.days === undefined) === (e.rrule === undefined))
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'give either days or rrule' });
    if (e.rrule !== undefined) {
      const problem = rruleProblem(e.rrule);
      if (problem) ctx.addIssue({ code: 'custom', path: ['rrule'], message: problem });
    }
    if (e.preset !== undefined && e.playlist !== undefined)
      ctx.addIssue({ code: 'custom', path: ['playlist'], message: 'give either preset or playlist' });
  });
export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;

/** A stretch of nights without sessions (a hospital stay): both dates included. */
export const schedulePauseSchema = z
  .object({ from: localDateSchema, to: localDateSchema })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] });
export type SchedulePause = z.infer<typeof schedulePauseSchema>;

const scheduleBodyObject = z.object({
  format: z
    .number()
    .int()
    .min(1)
    .max(SCHEDULE_FORMAT, `this unit understands schedule formats up to ${SCHEDULE_FORMAT}`)
    .default(SCHEDULE_FORMAT)
    .describe('Schedule model version (1: weekly entries only)'),
  timezone: z
    .string()
    .max(64)
    .refine(isTimeZone, 'unknown IANA time zone')
    .describe('IANA time zone of the entries, e.g. Europe/Berlin'),
  entries: z.array(scheduleEntrySchema).max(14),
  starts_on: localDateSchema.optional().describe('First night sessions may run (an RRULE starts here)'),
  ends_on: localDateSchema.optional().describe('Last night sessions may run'),
  pauses: z.array(schedulePauseSchema).max(50).default([]).describe('Nights without sessions'),
  protocols: z
    .array(carriedProtocolSchema)
    .max(14)
    .optional()
    .describe(
      "The clinic's own protocols the entries run (built-in ones are not sent): put in by the controller from its library; the unit checks each hash",
    ),
});

function checkBody(
  s: { starts_on?: string; ends_on?: string; entries: { rrule?: string }[] },
  ctx: z.RefinementCtx,
): void {
  if (s.starts_on !== undefined && s.ends_on !== undefined && s.starts_on > s.ends_on)
    ctx.addIssue({ code: 'custom', path: ['ends_on'], message: 'ends_on must not be before starts_on' });
  s.entries.forEach((e, i) => {
    if (e.rrule !== undefined && s.starts_on === undefined)
      ctx.addIssue({ code: 'custom', path: ['entries', i, 'rrule'], message: 'an rrule needs starts_on' });
  });
}

/** What a caregiver plans; the body of the retained `schedule` topic without its version. */
export const scheduleBodySchema = scheduleBodyObject.superRefine(checkBody);
export type ScheduleBodyInput = z.input<typeof scheduleBodySchema>;

/** →unit, retained: the desired schedule. A unit applies a version once and acks it. */
export const scheduleSchema = scheduleBodyObject
  .extend({
    version: z.number().int().positive().describe('Raised by the controller with every change'),
    issued_at: timestampSchema,
  })
  .superRefine(checkBody);
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
  reasons: z
    .array(z.string().max(300))
    .max(20)
    .optional()
    .describe('Every problem found, as `path: message`'),
  next_session_at: timestampSchema.nullable(),
});
export type ScheduleApplied = z.infer<typeof scheduleAppliedSchema>;
