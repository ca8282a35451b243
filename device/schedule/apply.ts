import { formatIssues } from '../../shared/format-issues.js';
import { type Schedule, scheduleSchema } from '../../shared/schemas/schedule.js';

export type ApplyOutcome =
  | { status: 'applied'; schedule: Schedule }
  | {
      status: 'rejected';
      version: number | null;
      applied_version: number | null;
      reason: string;
      reasons: string[];
    };

/**
 * Reads a desired schedule: valid by the shared schema, acceptable to this unit (`check`), and not
 * older than the version in force. A refusal lists every reason, for `schedule/applied`.
 */
export function applySchedule(
  payload: Buffer,
  applied: number | null,
  check?: (schedule: Schedule) => string[],
): ApplyOutcome {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return rejected(null, applied, ['(root): payload is not JSON']);
  }
  const raw = (json as { version?: unknown } | null)?.version;
  const version = typeof raw === 'number' && Number.isInteger(raw) && raw > 0 ? raw : null;
  const parsed = scheduleSchema.safeParse(json);
  if (!parsed.success) return rejected(version, applied, formatIssues(parsed.error).split('\n'));
  const schedule = parsed.data;
  if (applied !== null && schedule.version < applied)
    return rejected(schedule.version, applied, [`version: older than the applied version ${applied}`]);
  const problems = check?.(schedule) ?? [];
  if (problems.length > 0) return rejected(schedule.version, applied, problems);
  return { status: 'applied', schedule };
}

function rejected(version: number | null, applied: number | null, reasons: string[]): ApplyOutcome {
  const listed = reasons.slice(0, 20).map((r) => r.slice(0, 300));
  return {
    status: 'rejected',
    version,
    applied_version: applied,
    reason: listed.join('; ').slice(0, 500),
    reasons: listed,
  };
}
