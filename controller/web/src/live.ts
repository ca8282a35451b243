import { type Signal, signal } from '@preact/signals';
import type { UnitView } from '../../../shared/api.js';

/**
 * The one SSE connection of the page (GET /api/live) and the signals it feeds: one signal per
 * unit, so a change redraws only what reads that unit.
 */

export type Connection = 'idle' | 'connecting' | 'live' | 'lost';
export const connection = signal<Connection>('idle');

const units = new Map<string, Signal<UnitView | undefined>>();
/** Listeners for the other event kinds the stream may carry (alerts, commands). */
const handlers = new Map<string, Set<(data: unknown) => void>>();
let source: EventSource | undefined;

/** The live view of one unit; undefined until the unit has reported. */
export function unitSignal(id: string): Signal<UnitView | undefined> {
  let s = units.get(id);
  if (!s) {
    s = signal<UnitView | undefined>(undefined);
    units.set(id, s);
  }
  return s;
}

/** Seeds a unit from a REST answer without overwriting a newer streamed view. */
export function seedUnit(view: UnitView): void {
  const s = unitSignal(view.id);
  const known = s.peek();
  if (!known || (known.state_ts ?? known.last_seen_at) < (view.state_ts ?? view.last_seen_at)) s.value = view;
}

function put(view: UnitView): void {
  const s = unitSignal(view.id);
  // Only a different view notifies: an identical re-send redraws nothing.
  const known = s.peek();
  if (known && JSON.stringify(known) === JSON.stringify(view)) return;
  s.value = view;
}

/** Subscribes to another kind of event on the stream (e.g. `alert`); returns the unsubscriber. */
export function onLive(event: string, handler: (data: unknown) => void): () => void {
  let set = handlers.get(event);
  if (!set) {
    set = new Set();
    handlers.set(event, set);
    source?.addEventListener(event, dispatch);
  }
  set.add(handler);
  return () => set.delete(handler);
}

function dispatch(event: Event): void {
  const message = event as MessageEvent<string>;
  const data: unknown = JSON.parse(message.data);
  for (const handler of handlers.get(message.type) ?? []) handler(data);
}

/** Opens the stream once; `onClosed` runs when the server ends it for good (session gone). */
export function startLive(onClosed: () => void): void {
  if (source) return;
  connection.value = 'connecting';
  source = new EventSource('/api/live');
  source.addEventListener('open', () => {
    connection.value = 'live';
  });
  source.addEventListener('error', () => {
    // The server ends the stream when the session does; EventSource then gives up (CLOSED).
    if (source?.readyState === EventSource.CLOSED) onClosed();
    else connection.value = 'lost';
  });
  source.addEventListener('snapshot', (event) => {
    for (const view of JSON.parse((event as MessageEvent<string>).data) as UnitView[]) put(view);
  });
  source.addEventListener('unit', (event) => {
    put(JSON.parse((event as MessageEvent<string>).data) as UnitView);
  });
  for (const name of handlers.keys()) source.addEventListener(name, dispatch);
}

/** Closes the stream and forgets every unit: nothing private stays in the page after sign-out. */
export function stopLive(): void {
  source?.close();
  source = undefined;
  connection.value = 'idle';
  for (const s of units.values()) s.value = undefined;
  units.clear();
}
