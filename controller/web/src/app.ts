import type { UnitView } from '../../../shared/api.js';

/** The dashboard's unit list: a snapshot on connect, then one unit at a time over SSE. */
const units = new Map<string, UnitView>();
const body = document.querySelector<HTMLTableSectionElement>('#units tbody');
const empty = document.querySelector<HTMLElement>('#empty');
const connection = document.querySelector<HTMLElement>('#connection');

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
  if (!body || !empty) return;
  body.replaceChildren();
  const sorted = [...units.values()].sort((a, b) => a.id.localeCompare(b.id));
  for (const view of sorted) {
    const row = body.insertRow();
    row.dataset.unit = view.id;
    cell(row, view.id);
    const status = cell(row, view.online ? 'online' : 'offline', 'status');
    status.dataset.online = String(view.online);
    cell(row, view.online ? (view.phase ?? '—') : '—', 'phase');
    cell(row, view.bpm === null ? '—' : `${Math.round(view.bpm)} bpm`, 'num bpm');
    cell(row, view.volume_db === null ? '—' : `${view.volume_db.toFixed(0)} dB(A)`, 'num');
    cell(row, view.light === null ? '—' : `${Math.round(view.light * 100)} %`, 'num');
    cell(row, lastHeard(view), 'num');
  }
  empty.hidden = units.size > 0;
}

function setConnection(state: 'connecting' | 'live' | 'lost'): void {
  if (!connection) return;
  connection.dataset.state = state;
  connection.textContent = { connecting: 'connecting…', live: 'live', lost: 'connection lost, retrying…' }[
    state
  ];
}

const source = new EventSource('/api/live');
source.addEventListener('open', () => setConnection('live'));
source.addEventListener('error', () => setConnection('lost'));
source.addEventListener('snapshot', (event) => {
  units.clear();
  for (const view of JSON.parse((event as MessageEvent<string>).data) as UnitView[]) units.set(view.id, view);
  render();
});
source.addEventListener('unit', (event) => {
  const view = JSON.parse((event as MessageEvent<string>).data) as UnitView;
  units.set(view.id, view);
  render();
});
