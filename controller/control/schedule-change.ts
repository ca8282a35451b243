import { type Schedule, type ScheduleBodyInput, scheduleSchema } from '../../shared/schemas/schedule.js';
import { AuditAction, type AuditLog } from '../audit/audit-log.js';
import { UnknownProtocolError } from '../protocols/carry.js';
import type { ControllerStore } from '../store/repos.js';
import type { ControlPublisher } from './publisher.js';

export interface ScheduleChange {
  actor: string;
  patient: string | null;
  unit: string;
  body: ScheduleBodyInput;
}

/**
 * Publishes the next version of a unit's schedule and audits it with the version it replaces, so
 * the log alone tells what changed (both whole: a schedule is at most 14 entries).
 */
export async function changeSchedule(
  store: ControllerStore,
  publisher: ControlPublisher,
  audit: AuditLog,
  c: ScheduleChange,
): Promise<Schedule> {
  const before = await store.control.schedule(c.unit);
  const parsed = before?.schedule_json
    ? scheduleSchema.safeParse(JSON.parse(before.schedule_json))
    : undefined;
  const previous = parsed?.success ? parsed.data : null;
  let schedule: Schedule;
  try {
    schedule = await publisher.setSchedule(c.unit, c.body);
  } catch (err) {
    // A refusal (an unknown protocol) is audited too: the log shows who tried what.
    if (err instanceof UnknownProtocolError)
      await audit.record({
        actor: c.actor,
        action: AuditAction.ScheduleChange,
        patient: c.patient,
        unit: c.unit,
        detail: { error: err.message, reasons: err.reasons, previous_version: previous?.version ?? null },
        outcome: 'failed',
      });
    throw err;
  }
  await audit.record({
    actor: c.actor,
    action: AuditAction.ScheduleChange,
    patient: c.patient,
    unit: c.unit,
    detail: {
      version: schedule.version,
      previous_version: previous?.version ?? null,
      timezone: schedule.timezone,
      entries: schedule.entries,
      schedule,
      previous,
    },
    outcome: 'ok',
  });
  return schedule;
}
