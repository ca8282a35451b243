import type { ScheduleStatus } from '../../shared/api-schedule.js';
import type { UnitScheduleRow } from '../store/control-repo.js';

/** What the status needs of the unit: whether it is online and since when. */
export interface UnitPresence {
  online: boolean;
  status_changed_at: number | null;
}

/** The reasons of a refusal as stored: the list, or the one joined reason of an older unit. */
export function storedReasons(row: UnitScheduleRow | undefined): string[] {
  if (row?.applied_reasons_json) return JSON.parse(row.applied_reasons_json) as string[];
  return row?.applied_reason ? [row.applied_reason] : [];
}

/** Whether the unit runs the latest published version and, if not, why. Pure. */
export function scheduleStatus(row: UnitScheduleRow | undefined, unit: UnitPresence | null): ScheduleStatus {
  const version = row?.version ?? null;
  const issued_at = row?.updated_at ?? null;
  const base = { version, issued_at, reasons: [] as string[] };
  if (!row || version === null) return { ...base, state: 'none', since: null };
  if (row.applied_version === version) return { ...base, state: 'applied', since: row.applied_at };
  if (row.applied_status === 'rejected' && row.answered_version === version)
    return { ...base, state: 'rejected', since: row.applied_at, reasons: storedReasons(row) };
  if (!unit?.online) return { ...base, state: 'offline', since: unit?.status_changed_at ?? null };
  return { ...base, state: 'pending', since: issued_at };
}
