import type { Night, NotRun } from '../../../../shared/api-dashboard.js';
import { dateTime } from '../format.js';

const REASON_WORDS: Record<string, string> = {
  unit_off: 'the unit was off',
  clock_unsynced: "the unit's clock was not synchronised",
  late: 'found past its grace window',
  start_failed: 'the session failed to start',
  session_in_progress: 'a session was already running',
};

/** "missed: the unit was off" — what the unit recorded about a scheduled start it did not run. */
export function notRunText(o: NotRun): string {
  return `${o.type}: ${REASON_WORDS[o.reason] ?? o.reason}`;
}

/** The scheduled starts the unit did not run, newest first, each with its reason. */
export function NotRunList({ nights, timezone }: { nights: readonly Night[]; timezone: string }) {
  const rows = nights.flatMap((n) => n.not_run.map((o) => ({ night: n.night, o }))).reverse();
  if (rows.length === 0) return null;
  return (
    <table id="not-run" class="compact">
      <caption>Scheduled sessions the unit did not run</caption>
      <thead>
        <tr>
          <th scope="col">Due</th>
          <th scope="col">Session</th>
          <th scope="col">What happened</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ night, o }) => (
          <tr
            key={`${o.scheduled_at}-${o.entry}`}
            data-night={night}
            data-type={o.type}
            data-reason={o.reason}
          >
            <td>{dateTime(o.scheduled_at, timezone)}</td>
            <td>{o.entry + 1}</td>
            <td>
              {notRunText(o)}
              {o.late_s ? ` (${Math.round(o.late_s / 60)} min late)` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
