import type { Night } from '../../../../shared/api-dashboard.js';
import { NIGHT_GLYPH, NIGHT_LABEL } from './badges.js';
import { notRunText } from './schedule-not-run.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Monday = 0 for a "YYYY-MM-DD" date (the date itself, no time zone involved). */
function weekday(night: string): number {
  const [y, m, d] = night.split('-').map(Number);
  return (new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay() + 6) % 7;
}

/**
 * The nights as an adherence calendar, a week a row. Each night has a glyph and a word besides its
 * colour, so "missed" (the unit was there, no session) and "no data" (nothing heard) never look alike.
 */
export function Calendar({ nights, nightHref }: { nights: Night[]; nightHref: (id: string) => string }) {
  const lead = nights[0] ? weekday(nights[0].night) : 0;
  const counts = new Map<string, number>();
  for (const n of nights) counts.set(n.status, (counts.get(n.status) ?? 0) + 1);
  return (
    <div class="calendar-box">
      <ol class="calendar" aria-label="Nights, oldest first">
        {WEEKDAYS.map((d) => (
          <li key={d} class="weekday" aria-hidden="true">
            {d}
          </li>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          <li key={`pad-${i}`} class="pad" aria-hidden="true" />
        ))}
        {nights.map((n) => {
          const day = Number(n.night.slice(8));
          const notRun = n.not_run.map(notRunText).join('; ');
          const text = `${n.night}: ${NIGHT_LABEL[n.status]}${n.completion != null ? `, ${Math.round(n.completion * 100)} % of the planned time` : ''}${notRun ? ` (${notRun})` : ''}`;
          const body = (
            <>
              <span class="day">{day}</span>
              <span class="glyph" aria-hidden="true">
                {NIGHT_GLYPH[n.status]}
              </span>
              <span class="word">{NIGHT_LABEL[n.status]}</span>
            </>
          );
          return (
            <li key={n.night} class="night" data-night={n.status} data-date={n.night} title={text}>
              {n.session_id ? (
                <a href={nightHref(n.session_id)} aria-label={text}>
                  {body}
                </a>
              ) : (
                <span>{body}</span>
              )}
            </li>
          );
        })}
      </ol>
      <ul class="legend" aria-label="Totals">
        {(Object.keys(NIGHT_LABEL) as (keyof typeof NIGHT_LABEL)[])
          .filter((s) => counts.has(s))
          .map((s) => (
            <li key={s} data-night={s}>
              <span class="glyph" aria-hidden="true">
                {NIGHT_GLYPH[s]}
              </span>
              {NIGHT_LABEL[s]}: {counts.get(s)}
            </li>
          ))}
      </ul>
    </div>
  );
}
