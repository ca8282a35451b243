import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { SessionView } from '../../../../shared/api.js';
import type { NightsView, UnitHealth } from '../../../../shared/api-dashboard.js';
import * as api from '../api.js';
import { AlertList } from '../components/alert-list.js';
import { UnitStatus } from '../components/badges.js';
import { Calendar } from '../components/calendar.js';
import { Controls } from '../components/controls.js';
import { Notes } from '../components/notes.js';
import { OutcomesSection } from '../components/outcomes/outcomes-section.js';
import { Trends } from '../components/trends.js';
import { bpm, dateTime, duration } from '../format.js';
import { unitSignal } from '../live.js';
import { nightUrl, summaryUrl } from '../router.js';
import { user } from '../session.js';

interface Loaded {
  patient: api.PatientDetail;
  nights: NightsView;
  sessions: SessionView[];
  health: UnitHealth;
}

/** How many nights the calendar and trends show: `?nights=N` (7..366), four weeks by default. */
function nightsWanted(): number {
  const n = Number(new URLSearchParams(location.search).get('nights') ?? 28);
  return Number.isInteger(n) ? Math.min(366, Math.max(7, n)) : 28;
}

const dayMs = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function ExportForm({ code }: { code: string }) {
  const to = useSignal(isoDay(Date.now()));
  const from = useSignal(isoDay(Date.now() - 28 * dayMs));
  const range = () =>
    [Date.parse(`${from.value}T00:00:00Z`), Date.parse(`${to.value}T00:00:00Z`) + dayMs] as const;
  return (
    <section class="export" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <div class="control-row">
        <label>
          <span>From</span>
          <input type="date" value={from.value} onInput={(e) => (from.value = e.currentTarget.value)} />
        </label>
        <label>
          <span>To</span>
          <input type="date" value={to.value} onInput={(e) => (to.value = e.currentTarget.value)} />
        </label>
        <a class="button" id="export-csv" href={api.exportCsvUrl(code, ...range())} download>
          Download CSV
        </a>
        <a
          class="button secondary"
          href={api.exportJsonUrl(code, ...range())}
          download={`nocturne-${code}.json`}
        >
          Download JSON
        </a>
      </div>
      <p class="muted">
        One row per stored sample, with the session and its report; columns in docs/export.md.
      </p>
    </section>
  );
}

export function PatientPage({ code }: { code: string }) {
  const data = useSignal<Loaded | undefined>(undefined);
  const error = useSignal('');
  useEffect(() => {
    document.title = `${code} · Nocturne`;
    Promise.all([
      api.patient(code),
      api.nights(code, nightsWanted()),
      api.sessions(code, 100),
      api.unitHealth(code),
    ])
      .then(([patient, nights, sessions, health]) => {
        data.value = { patient, nights, sessions, health };
      })
      .catch((err: unknown) => {
        error.value =
          err instanceof api.HttpError && err.status === 404
            ? `No patient ${code} (or not yours).`
            : String(err);
      });
  }, [code]);
  if (error.value)
    return (
      <p class="error" role="alert">
        {error.value}
      </p>
    );
  const d = data.value;
  if (!d) return <p class="muted">Loading {code}…</p>;
  const tz = d.patient.timezone;
  const role = user.value?.role;
  const live = d.patient.unit ? unitSignal(d.patient.unit).value : undefined;
  return (
    <div class="patient-page" data-ready="true">
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href="/">Patients</a> › <span aria-current="page">{code}</span>
      </nav>
      <h1 class="page-title">
        {code}{' '}
        <span class="title-meta">
          {d.patient.unit ?? 'no unit'} ·{' '}
          <UnitStatus view={live ?? d.health.live ?? undefined} unit={d.patient.unit} />
        </span>
      </h1>
      <p class="links">
        <a href={summaryUrl(code)} id="print-link">
          Four-week summary (print)
        </a>
      </p>
      <div class="columns">
        <div class="column">
          <Controls code={code} timezone={tz} canControl={role !== 'viewer' && !!d.patient.unit} />
          <AlertList patient={code} />
          <section aria-labelledby="calendar-title">
            <h2 id="calendar-title">Nights</h2>
            <p class="muted">
              {d.nights.from} to {d.nights.to}, in the patient's time zone ({tz}). Each night is the evening's
              date.
            </p>
            <Calendar nights={d.nights.nights} nightHref={(id) => nightUrl(code, id)} />
          </section>
          <section aria-labelledby="trends-title">
            <h2 id="trends-title">Nightly trends</h2>
            <Trends nights={d.nights.nights} />
          </section>
        </div>
        <div class="column">
          <section aria-labelledby="sessions-title">
            <h2 id="sessions-title">Sessions</h2>
            {d.sessions.length === 0 ? (
              <p class="muted">No sessions yet.</p>
            ) : (
              <table id="sessions" class="compact">
                <thead>
                  <tr>
                    <th scope="col">Started</th>
                    <th scope="col">Length</th>
                    <th scope="col">Ended by</th>
                  </tr>
                </thead>
                <tbody>
                  {d.sessions.map((s) => (
                    <tr key={s.session_id} data-session={s.session_id}>
                      <td>
                        <a href={nightUrl(code, s.session_id)}>{dateTime(s.started_at, tz)}</a>
                      </td>
                      <td>
                        {duration(s.duration_s)} of {duration(s.planned_s)}
                      </td>
                      <td>{s.ended_at == null ? 'in progress' : (s.end_reason ?? '—')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="unit-title">
            <h2 id="unit-title">Unit</h2>
            <dl class="facts">
              <dt>Unit</dt>
              <dd>{d.health.unit ?? 'none assigned'}</dd>
              <dt>Firmware</dt>
              <dd id="firmware">{d.health.firmware ?? 'unknown'}</dd>
              <dt>Heart rate now</dt>
              <dd>{bpm(live?.bpm)}</dd>
              <dt>Next session</dt>
              <dd>{dateTime(d.health.next_session_at, tz)}</dd>
              <dt>Ports</dt>
              <dd>
                {Object.entries(d.health.ports).map(([port, p]) => (
                  <span key={port} class="port" data-ok={String(p.ok)}>
                    <span aria-hidden="true">{p.ok ? '✓' : '✕'}</span> {port} ({p.adapter}
                    {p.code ? `, ${p.code}` : ''}){' '}
                  </span>
                ))}
              </dd>
            </dl>
            <h3>Faults</h3>
            {(live?.faults ?? d.health.faults).length === 0 ? (
              <p class="muted">No faults reported.</p>
            ) : (
              <ul id="faults">
                {(live?.faults ?? d.health.faults).map((f) => (
                  <li key={f.code + f.port}>
                    <span aria-hidden="true">▲ </span>
                    <strong>{f.port}</strong> {f.code}: {f.message} (since {dateTime(f.since, tz)})
                  </li>
                ))}
              </ul>
            )}
          </section>
          <Notes code={code} timezone={tz} canWrite={role !== 'viewer'} />
          {role !== 'viewer' && <ExportForm code={code} />}
        </div>
      </div>
      <OutcomesSection code={code} timezone={tz} canWrite={role !== 'viewer'} />
    </div>
  );
}
