import { z } from 'zod';
import { timestampSchema } from './schemas/common.js';
import { protocolRefSchema } from './schemas/protocol-ref.js';
import { localDateSchema } from './schemas/schedule.js';

/**
 * HTTP bodies of a patient's schedule beyond the schedule itself (issue 15): whether the unit has
 * applied the latest version, and the coming sessions.
 */

/**
 * Where the latest version stands on the unit:
 * - none: nothing planned yet;
 * - applied: the unit runs the latest version;
 * - pending: the unit is online and has not answered for it yet (since: when it was issued);
 * - offline: the unit is offline (since: when it went) and has not applied it;
 * - rejected: the unit refused the latest version, with every reason.
 */
export const scheduleStateSchema = z.enum(['none', 'applied', 'pending', 'offline', 'rejected']);
export type ScheduleState = z.infer<typeof scheduleStateSchema>;

export const scheduleStatusSchema = z.object({
  state: scheduleStateSchema,
  /** The latest version the controller published (null: none). */
  version: z.number().int().positive().nullable(),
  /** When the latest version was issued. */
  issued_at: timestampSchema.nullable(),
  /** applied: when it was; pending: since it was issued; offline: since the unit went; rejected: when. */
  since: timestampSchema.nullable(),
  /** rejected: every problem the unit found, as `path: message`. */
  reasons: z.array(z.string()),
});
export type ScheduleStatus = z.infer<typeof scheduleStatusSchema>;

/** GET /api/patients/:code/schedule/upcoming?count=N */
export const upcomingQuerySchema = z.object({
  count: z.coerce.number().int().min(1).max(50).default(10),
});

/** At most this far ahead (eight weeks): a sparse RRULE shows what falls inside, not a year of search. */
export const UPCOMING_HORIZON_DAYS = 56;

export const upcomingSessionSchema = z.object({
  at: timestampSchema,
  /** The night it belongs to, in the patient's time zone. */
  local_date: localDateSchema,
  /** HH:MM in the patient's time zone (after any daylight-saving move). */
  local_time: z.string(),
  entry_index: z.number().int().nonnegative(),
  duration_min: z.number().int(),
  protocol: protocolRefSchema,
});
export type UpcomingSession = z.infer<typeof upcomingSessionSchema>;

export const upcomingViewSchema = z.object({
  timezone: z.string(),
  from: timestampSchema,
  to: timestampSchema,
  /** Of the latest version (the one the unit will run once it applies it). */
  version: z.number().int().positive().nullable(),
  sessions: z.array(upcomingSessionSchema),
});
export type UpcomingView = z.infer<typeof upcomingViewSchema>;
