import { computed, signal } from '@preact/signals';
import type { AlertView } from '../../../shared/api-dashboard.js';
import { alertAction } from './api.js';
import { onLive } from './live.js';

/** The caller's active alerts, fed by the live stream (`alerts` on connect, then `alert`). */
export const activeAlerts = signal<ReadonlyMap<number, AlertView>>(new Map());

const SEVERITY_RANK = { high: 0, warning: 1, info: 2 } as const;

function apply(list: AlertView[], replace: boolean): void {
  const next = new Map(replace ? [] : activeAlerts.peek());
  for (const alert of list) {
    if (alert.status === 'cleared') next.delete(alert.id);
    else next.set(alert.id, alert);
  }
  activeAlerts.value = next;
}

// Registered before the stream opens, so the `alerts` sent on connect is not missed.
onLive('alerts', (data) => apply(data as AlertView[], true));
onLive('alert', (data) => apply([data as AlertView], false));

/** Active alerts, most severe and then newest first. */
export const sortedAlerts = computed(() =>
  [...activeAlerts.value.values()].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.opened_at - a.opened_at,
  ),
);

/** Open (not yet acknowledged) alerts per patient: what puts a patient at the top. */
export const openAlertsByPatient = computed(() => {
  const counts = new Map<string, number>();
  for (const alert of activeAlerts.value.values())
    if (alert.status === 'open') counts.set(alert.patient, (counts.get(alert.patient) ?? 0) + 1);
  return counts;
});

export async function actOnAlert(alert: AlertView, action: 'ack' | 'clear'): Promise<void> {
  apply([await alertAction(alert.patient, alert.id, action)], false);
}

export function forgetAlerts(): void {
  activeAlerts.value = new Map();
}
