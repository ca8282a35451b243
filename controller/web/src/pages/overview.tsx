import { computed, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { UnitView } from '../../../../shared/api.js';
import type { Night } from '../../../../shared/api-dashboard.js';
import type { PatientOverview } from '../../../../shared/api-outcomes.js';
import { openAlertsByPatient } from '../alerts.js';
import * as api from '../api.js';
import { AlertList } from '../components/alert-list.js';
import { NightBadge, UnitStatus } from '../components/badges.js';
import { DueReminders } from '../components/outcomes/due-reminders.js';
import { bpm, dateTime, db, percent } from '../format.js';
import { seedUnit, unitSignal } from '../live.js';
import { patientUrl } from '../router.js';

/** What a row shows besides the live view (GET /api/overview, one request for every row). */
interface Extras {
  next_session_at: number | null;
  last_night: Night | null;
}

interface Row {
  patient: PatientOverview;
  unit: Signal<UnitView | undefined>;
  extras: Signal<Extras | undefined>;
  /** Changes only when the session starts or ends, so a heart-rate update never re-sorts the list. */
  inSession: ReadonlySignal<boolean>;
}

const rows = signal<Row[] | undefined>(undefined);
const failed = signal('');

function makeRow(patient: PatientOverview): Row {
  if (patient.live) seedUnit(patient.live);
  const unit = patient.unit ? unitSignal(patient.unit) : signal<UnitView | undefined>(undefined);
  const extras = signal<Extras | undefined>(undefined);
  return {
    patient,
    unit,
    extras,
    inSession: computed(() => {
      const v = unit.value;
      return !!v?.online && v.session_id != null && !['idle', 'ended', 'stopped'].includes(v.phase ?? 'idle');
    }),
  };
}

async function load(): Promise<void> {
  try {
    const [list, extras] = await Promise.all([api.patients(), api.overview()]);
    const made = list.map(makeRow);
    const byCode = new Map(extras.map((e) => [e.patient, e]));
    for (const row of made) {
      const e = byCode.get(row.patient.code);
      row.extras.value = { next_session_at: e?.next_session_at ?? null, last_night: e?.last_night ?? null };
    }
    rows.value = made;
  } catch (err) {
    failed.value = err instanceof Error ? err.message : 'could not load the patients';
  }
}

/** Open alerts first, then patients in a session, then the rest; by code within each. */
const sorted = computed(() => {
  const list = rows.value ?? [];
  const alerts = openAlertsByPatient.value;
  const rank = (r: Row) => ((alerts.get(r.patient.code) ?? 0) > 0 ? 0 : r.inSession.value ? 1 : 2);
  return [...list].sort((a, b) => rank(a) - rank(b) || a.patient.code.localeCompare(b.patient.code));
});

function PatientRow({ row }: { row: Row }) {
  const view = row.unit.value;
  const extras = row.extras.value;
  const online = view?.online ?? false;
  const code = row.patient.code;
  const alerts = openAlertsByPatient.value.get(code) ?? 0;
  return (
    <tr
      data-patient={code}
      data-unit={row.patient.unit ?? undefined}
      data-attention={alerts > 0 ? 'alert' : undefined}
    >
      <th scope="row" class="patient" data-label="Patient">
        <a href={patientUrl(code)}>{code}</a>
        {alerts > 0 && (
          <span class="alert-count">
            <span aria-hidden="true">▲ </span>
            {alerts} alert{alerts > 1 ? 's' : ''}
          </span>
        )}
      </th>
      <td class="unit" data-label="Unit">
        <span class="unit-id">{row.patient.unit ?? ''}</span>{' '}
        <UnitStatus view={view} unit={row.patient.unit} />
      </td>
      <td class="phase" data-label="Phase">
        {online ? (view?.phase ?? '—') : '—'}
      </td>
      <td class="num bpm" data-label="Heart rate">
        {online ? bpm(view?.bpm) : '—'}
      </td>
      <td class="num volume" data-label="Volume">
        {online ? db(view?.volume_db) : '—'}
      </td>
      <td class="num light" data-label="Light">
        {online ? percent(view?.light) : '—'}
      </td>
      <td class="next" data-label="Next session">
        {extras ? dateTime(extras.next_session_at, row.patient.timezone) : '…'}
      </td>
      <td class="last-night" data-label="Last night">
        {extras ? <NightBadge status={extras.last_night?.status} /> : '…'}
      </td>
      <td class="due" data-label="Due">
        <DueReminders reminders={row.patient.reminders} />
      </td>
    </tr>
  );
}

export function Overview() {
  useEffect(() => {
    document.title = 'Patients · Nocturne';
    void load();
  }, []);
  const list = sorted.value;
  return (
    <>
      <h1 class="page-title">Your patients</h1>
      {failed.value && (
        <p class="error" role="alert">
          {failed.value}
        </p>
      )}
      <AlertList />
      <section aria-labelledby="patients-title">
        <h2 id="patients-title" class="visually-hidden">
          Patients
        </h2>
        {rows.value === undefined ? (
          <p class="muted">Loading…</p>
        ) : list.length === 0 ? (
          <p class="empty">No patients are assigned to you yet.</p>
        ) : (
          <table id="patients" class="patients">
            <caption class="visually-hidden">
              Your patients, those with open alerts first, then those in a session
            </caption>
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Unit</th>
                <th scope="col">Phase</th>
                <th scope="col">Heart rate</th>
                <th scope="col">Volume</th>
                <th scope="col">Light</th>
                <th scope="col">Next session</th>
                <th scope="col">Last night</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody>
              {list.map((row) => (
                <PatientRow key={row.patient.code} row={row} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
