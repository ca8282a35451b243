import type { Reminder } from '../../../../../shared/schemas/outcomes/index.js';

const NAMES: Record<Reminder['measure'], string> = {
  psqi: 'PSQI',
  isi: 'ISI',
  gad7: 'GAD-7',
  phq9: 'PHQ-9',
  diary: 'diary',
};

/** What a patient has due today or overdue (docs/outcomes.md "Reminders"); overdue first. */
export function DueReminders({ reminders }: { reminders: readonly Reminder[] }) {
  const open = reminders
    .filter((r) => r.status !== 'not_due')
    .sort((a, b) => b.days_overdue - a.days_overdue || a.measure.localeCompare(b.measure));
  if (open.length === 0) return <span class="muted">nothing due</span>;
  return (
    <ul class="due-list">
      {open.map((r) => (
        <li key={r.measure} data-measure={r.measure} data-status={r.status}>
          {r.status === 'overdue' && <span aria-hidden="true">▲ </span>}
          {NAMES[r.measure]}{' '}
          {r.status === 'overdue' ? `overdue ${r.days_overdue} d (since ${r.due_on})` : 'due today'}
        </li>
      ))}
    </ul>
  );
}
