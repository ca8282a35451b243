import type { UnitView } from '../../../shared/api.js';
import type { PatientView } from '../../../shared/api-people.js';
import { patients } from './api.js';

/** The overview: the caller's patients with their units' live views, kept current over SSE. */
const units = new Map<string, UnitView>();
const patientOf = new Map<string, string>();
let source: EventSource | undefined;

function cell(row: HTMLTableRowElement, text: string, className?: string): HTMLTableCellElement {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function lastHeard(view: UnitView): string {
  const at = view.state_ts ?? view.last_seen_at;
  return new Date(at).toLocaleTimeString();
}

function render(): void {
  const body = document.querySelector<HTMLTableSectionElement>('#units tbody');
  const empty = document.querySelector<HTMLElement>('#empty');
  if (!body || !empty) return;
  body.replaceChildren();
  const ids = [...new Set([...units.keys(), ...patientOf.keys()])].sort();
  for (const id of ids) {
    const view = units.get(id);
    const row = body.insertRow();
    row.dataset.unit = id;
    cell(row, id);
    cell(row, patientOf.get(id) ?? '—', 'patient');
    const online = view?.online ?? false;
    const status = cell(row, view ? (online ? 'online' : 'offline') : 'not heard yet', 'status');
    status.dataset.online = String(online);
    cell(row, online ? (view?.phase ?? '—') : '—', 'phase');
    cell(row, view?.bpm == null ? '—' : `${Math.round(view.bpm)} bpm`, 'num bpm');
    cell(row, view?.volume_db == null ? '—' : `${view.volume_db.toFixed(0)} dB(A)`, 'num');
    cell(row, view?.light == null ? '—' : `${Math.round(view.light * 100)} %`, 'num');
    cell(row, view ? lastHeard(view) : '—', 'num');
  }
  empty.hidden = ids.length > 0;
}

function setConnection(state: 'connecting' | 'live' | 'lost'): void {
  const connection = document.querySelector<HTMLElement>('#connection');
  if (!connection) return;
  connection.hidden = false;
  connection.dataset.state = state;
  connection.textContent = { connecting: 'connecting…', live: 'live', lost: 'connection lost, retrying…' }[
    state
  ];
}

function adopt(list: PatientView[]): void {
  patientOf.clear();
  for (const p of list) {
    if (!p.unit) continue;
    patientOf.set(p.unit, p.code);
    if (p.live && !units.has(p.unit)) units.set(p.unit, p.live);
  }
}

/** Shows the overview; `onSignedOut` runs when the stream finds the session gone. */
export async function showOverview(onSignedOut: () => void): Promise<void> {
  const main = document.querySelector<HTMLElement>('#overview');
  if (!main) return;
  adopt(await patients());
  main.hidden = false;
  render();
  setConnection('connecting');
  source = new EventSource('/api/live');
  source.addEventListener('open', () => setConnection('live'));
  source.addEventListener('error', () => {
    // The server ends the stream when the session does; EventSource then gives up (CLOSED).
    if (source?.readyState === EventSource.CLOSED) onSignedOut();
    else setConnection('lost');
  });
  source.addEventListener('snapshot', (event) => {
    units.clear();
    for (const view of JSON.parse((event as MessageEvent<string>).data) as UnitView[])
      units.set(view.id, view);
    render();
  });
  source.addEventListener('unit', (event) => {
    const view = JSON.parse((event as MessageEvent<string>).data) as UnitView;
    units.set(view.id, view);
    render();
  });
}

/** Forgets everything shown: nothing private stays in the page after sign-out. */
export function clearOverview(): void {
  source?.close();
  source = undefined;
  units.clear();
  patientOf.clear();
  document.querySelector<HTMLTableSectionElement>('#units tbody')?.replaceChildren();
  const main = document.querySelector<HTMLElement>('#overview');
  if (main) main.hidden = true;
}
