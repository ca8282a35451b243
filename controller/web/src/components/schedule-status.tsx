import type { ScheduleStatus } from '../../../../shared/api-schedule.js';
import { dateTime } from '../format.js';

/** Whether the unit runs the latest version and, if not, why: offline since…, pending for…, or refused with every reason. */
export function ScheduleStatusLine({
  status,
  timezone,
  now,
}: {
  status: ScheduleStatus;
  timezone: string;
  now: number;
}) {
  const v = `version ${status.version}`;
  const minutes = status.since === null ? 0 : Math.max(0, Math.floor((now - status.since) / 60_000));
  return (
    <div id="schedule-status" class="schedule-status" data-state={status.state} role="status">
      {status.state === 'none' && <p class="muted">No schedule yet.</p>}
      {status.state === 'applied' && (
        <p>
          <span aria-hidden="true">✓ </span>The unit runs {v} (applied {dateTime(status.since, timezone)}).
        </p>
      )}
      {status.state === 'pending' && (
        <p>
          <span aria-hidden="true">◔ </span>
          {v} is waiting for the unit: pending for {minutes} min (sent {dateTime(status.issued_at, timezone)}
          ).
        </p>
      )}
      {status.state === 'offline' && (
        <p>
          <span aria-hidden="true">⌛ </span>
          {v} not applied yet: the unit is offline
          {status.since === null ? '' : ` since ${dateTime(status.since, timezone)}`}; it applies it when it
          is back.
        </p>
      )}
      {status.state === 'rejected' && (
        <>
          <p class="error">
            <span aria-hidden="true">✕ </span>The unit refused {v}; it keeps running the one before. Why:
          </p>
          <ul id="schedule-reasons">
            {status.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
