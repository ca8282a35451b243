import type { UpcomingView } from '../../../../shared/api-schedule.js';
import { dateTime } from '../format.js';

/** The browser's own time zone: where the caregiver is, which may not be where the patient is. */
export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The coming sessions in the patient's time zone and in the caregiver's. */
export function UpcomingSessions({ view }: { view: UpcomingView | undefined }) {
  if (!view) return <p class="muted">Loading the coming sessions…</p>;
  if (view.sessions.length === 0) return <p class="muted">No session in the next eight weeks.</p>;
  const mine = browserZone();
  return (
    <table id="upcoming" class="compact">
      <caption class="muted">
        The next {view.sessions.length} sessions of version {view.version}, as the unit will run them.
      </caption>
      <thead>
        <tr>
          <th scope="col">Patient's time ({view.timezone})</th>
          <th scope="col">Your time ({mine})</th>
          <th scope="col">Session</th>
        </tr>
      </thead>
      <tbody>
        {view.sessions.map((s) => (
          <tr key={`${s.at}-${s.entry_index}`} data-at={s.at}>
            <td data-zone="patient">{dateTime(s.at, view.timezone)}</td>
            <td data-zone="caregiver">{dateTime(s.at, mine)}</td>
            <td>
              {s.entry_index + 1}: {s.duration_min} min, {s.protocol.name}@{s.protocol.version}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
