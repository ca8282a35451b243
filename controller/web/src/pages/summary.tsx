import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { PatientSummary } from '../../../../shared/api-dashboard.js';
import * as api from '../api.js';
import { NIGHT_LABEL, NightBadge } from '../components/badges.js';
import { Calendar } from '../components/calendar.js';
import { bpm, dateTime, duration, percent } from '../format.js';
import { nightUrl, patientUrl } from '../router.js';

/** The one-page summary of the last four weeks, laid out for paper (the print stylesheet). */
export function SummaryPage({ code }: { code: string }) {
  const s = useSignal<PatientSummary | undefined>(undefined);
  const error = useSignal('');
  useEffect(() => {
    document.title = `${code} · four weeks · Nocturne`;
    api
      .summary(code)
      .then((v) => {
        s.value = v;
      })
      .catch((err: unknown) => {
        error.value = err instanceof Error ? err.message : 'could not load the summary';
      });
  }, [code]);
  if (error.value)
    return (
      <p class="error" role="alert">
        {error.value}
      </p>
    );
  const v = s.value;
  if (!v) return <p class="muted">Loading the summary…</p>;
  const tz = v.timezone;
  return (
    <article class="summary" data-ready="true">
      <p class="no-print">
        <a href={patientUrl(code)}>Back to {code}</a>{' '}
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
      </p>
      <h1>
        Patient {v.patient}: {v.from} to {v.to}
      </h1>
      <p class="muted">
        Unit {v.unit ?? '—'}, firmware {v.firmware ?? '—'}. Printed {dateTime(v.generated_at, tz)} ({tz}).
        This is not real-time medical monitoring; heart-rate calm points are a proxy, not sleep onset.
      </p>
      <section aria-labelledby="sum-adherence">
        <h2 id="sum-adherence">Adherence</h2>
        <p>
          Sessions on {percent(v.adherence)} of scheduled nights.{' '}
          {Object.entries(v.counts)
            .filter(([, n]) => n > 0)
            .map(([k, n]) => `${NIGHT_LABEL[k as keyof typeof NIGHT_LABEL]}: ${n}`)
            .join(' · ')}
        </p>
        <Calendar nights={v.nights} nightHref={(id) => nightUrl(code, id)} />
      </section>
      <section aria-labelledby="sum-medians">
        <h2 id="sum-medians">Medians over nights with a session</h2>
        <dl class="facts inline">
          <dt>Baseline heart rate</dt>
          <dd>{bpm(v.medians.baseline_bpm)}</dd>
          <dt>Lowest heart rate</dt>
          <dd>{bpm(v.medians.min_bpm)}</dd>
          <dt>Calm point</dt>
          <dd>{duration(v.medians.calm_point_s)}</dd>
          <dt>Completion</dt>
          <dd>{percent(v.medians.completion)}</dd>
        </dl>
      </section>
      <section aria-labelledby="sum-nights">
        <h2 id="sum-nights">Nights with a session</h2>
        <table class="compact print-table">
          <thead>
            <tr>
              <th scope="col">Night</th>
              <th scope="col">Outcome</th>
              <th scope="col">Length</th>
              <th scope="col">Baseline</th>
              <th scope="col">Lowest</th>
              <th scope="col">Calm point</th>
            </tr>
          </thead>
          <tbody>
            {v.nights
              .filter((n) => n.session_id !== null)
              .map((n) => (
                <tr key={n.night}>
                  <td>{n.night}</td>
                  <td>
                    <NightBadge status={n.status} />
                  </td>
                  <td>{duration(n.duration_s)}</td>
                  <td>{bpm(n.baseline_bpm)}</td>
                  <td>{bpm(n.min_bpm)}</td>
                  <td>{duration(n.calm_point_s)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="sum-alerts">
        <h2 id="sum-alerts">Alerts in the period</h2>
        {v.alerts.length === 0 ? (
          <p class="muted">None.</p>
        ) : (
          <ul>
            {v.alerts.map((a) => (
              <li key={a.id}>
                {dateTime(a.opened_at, tz)} · {a.severity} · {a.message} ({a.status})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="sum-notes">
        <h2 id="sum-notes">Notes</h2>
        {v.notes.length === 0 ? (
          <p class="muted">None.</p>
        ) : (
          <ul>
            {v.notes.map((n) => (
              <li key={n.id}>
                {dateTime(n.at, tz)} · {n.author}: {n.text}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
