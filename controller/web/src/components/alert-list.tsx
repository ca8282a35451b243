import { useSignal } from '@preact/signals';
import type { AlertView } from '../../../../shared/api-dashboard.js';
import { actOnAlert, sortedAlerts } from '../alerts.js';
import { dateTime } from '../format.js';
import { patientUrl } from '../router.js';
import { user } from '../session.js';
import { Severity } from './badges.js';

function AlertItem({ alert, showPatient }: { alert: AlertView; showPatient: boolean }) {
  const busy = useSignal(false);
  const failed = useSignal('');
  const canAct = user.value?.role !== 'viewer';
  const act = (action: 'ack' | 'clear') => {
    busy.value = true;
    failed.value = '';
    actOnAlert(alert, action)
      .catch((err: unknown) => {
        failed.value = err instanceof Error ? err.message : 'failed';
      })
      .finally(() => {
        busy.value = false;
      });
  };
  return (
    <li class="alert" data-alert={alert.id} data-status={alert.status} data-kind={alert.kind}>
      <Severity severity={alert.severity} />
      {showPatient && (
        <a class="alert-patient" href={patientUrl(alert.patient)}>
          {alert.patient}
        </a>
      )}
      <span class="alert-message">{alert.message}</span>
      <span class="muted">
        since {dateTime(alert.opened_at)}
        {alert.count > 1 ? ` · seen ${alert.count}×` : ''}
        {alert.status === 'acknowledged' ? ` · acknowledged by ${alert.acked_by ?? '?'}` : ''}
      </span>
      {canAct && (
        <span class="actions">
          {alert.status === 'open' && (
            <button type="button" disabled={busy.value} onClick={() => act('ack')}>
              Acknowledge
            </button>
          )}
          <button type="button" class="secondary" disabled={busy.value} onClick={() => act('clear')}>
            Clear
          </button>
        </span>
      )}
      {failed.value && (
        <span class="error" role="alert">
          {failed.value}
        </span>
      )}
    </li>
  );
}

/** The active alerts (all of the caller's patients, or one patient's). */
export function AlertList({ patient }: { patient?: string }) {
  const list = sortedAlerts.value.filter((a) => !patient || a.patient === patient);
  return (
    <section class="alerts" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      <p class="notice">
        Alerts are checked every minute or so. This is not real-time medical monitoring: in an emergency,
        follow your ward's procedures.
      </p>
      {list.length === 0 ? (
        <p class="muted" id="no-alerts">
          No active alerts.
        </p>
      ) : (
        <ul class="alert-list">
          {list.map((a) => (
            <AlertItem key={a.id} alert={a} showPatient={!patient} />
          ))}
        </ul>
      )}
    </section>
  );
}
