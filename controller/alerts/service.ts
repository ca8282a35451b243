import {
  type AlertRaise,
  type AlertSettings,
  type AlertView,
  alertRaiseSchema,
  alertSettingsSchema,
} from '../../shared/api-dashboard.js';
import type { Clock } from '../../shared/clock.js';
import { Listeners } from '../../shared/listeners.js';
import type { Relay } from '../cluster/relay.js';
import type { AlertRow } from '../store/alerts-repo.js';
import type { ControllerStore } from '../store/repos.js';
import type { Finding } from './rules.js';

/** Who ends an alert whose condition has gone away by itself. */
export const SYSTEM_ACTOR = 'system';

/**
 * Opens, updates and closes alerts in the store, and tells listeners (the live stream) about every
 * change. De-duplication: while an alert of the same (patient, key) has not cleared, a new raise
 * updates it (last_seen_at, count, message, a higher severity) instead of opening another.
 */
export class AlertService {
  private readonly changed = new Listeners<AlertView>();
  private relay: Relay<AlertView> | undefined;

  constructor(
    private readonly store: ControllerStore,
    private readonly clock: Clock,
  ) {}

  onChange(listener: (alert: AlertView) => void): () => void {
    return this.changed.add(listener);
  }

  /**
   * With several controller processes: every change goes through the relay, and what any process
   * relays reaches this one's listeners (the alert rules run in one process, the streams in all).
   */
  relayThrough(relay: Relay<AlertView>): () => void {
    this.relay = relay;
    return relay.onReceive((view) => this.changed.emit(view));
  }

  /** Raises an alert now (other engines: e.g. a PHQ-9 self-harm answer, severity high). */
  async raise(input: AlertRaise): Promise<AlertView> {
    const r = alertRaiseSchema.parse(input);
    return this.upsert(r.patient, r.unit, { ...r, key: r.key ?? r.kind, ongoing: false });
  }

  /**
   * Applies one evaluation of the built-in rules to a patient: opens or updates what was found,
   * clears the ongoing conditions of `kinds` that were not found any more.
   */
  async apply(patient: string, unit: string | null, findings: readonly Finding[], kinds: readonly string[]) {
    const keys = new Set(findings.map((f) => f.key));
    for (const f of findings) await this.upsert(patient, unit, f);
    const active = await this.store.alerts.list({ patients: [patient], status: 'active', limit: 1000 });
    for (const row of active) {
      if (!kinds.includes(row.kind) || keys.has(row.key)) continue;
      const detail = JSON.parse(row.detail_json) as Record<string, unknown>;
      if (detail.ongoing === false) continue;
      await this.close(row, SYSTEM_ACTOR);
    }
  }

  async acknowledge(patient: string, id: number, by: string): Promise<AlertView | undefined> {
    const row = await this.store.alerts.get(id);
    if (!row || row.patient !== patient) return undefined;
    if (row.status !== 'open') return toAlertView(row);
    const updated = await this.store.alerts.update(id, {
      status: 'acknowledged',
      acked_at: this.clock.now(),
      acked_by: by,
    });
    return this.emit(updated);
  }

  async clear(patient: string, id: number, by: string): Promise<AlertView | undefined> {
    const row = await this.store.alerts.get(id);
    if (!row || row.patient !== patient) return undefined;
    if (row.status === 'cleared') return toAlertView(row);
    return this.close(row, by);
  }

  async settings(patient: string): Promise<AlertSettings> {
    const json = await this.store.alerts.settings(patient);
    const parsed = json ? alertSettingsSchema.safeParse(JSON.parse(json)) : undefined;
    return parsed?.success ? parsed.data : alertSettingsSchema.parse({});
  }

  private async close(row: AlertRow, by: string): Promise<AlertView | undefined> {
    const updated = await this.store.alerts.update(row.id, {
      status: 'cleared',
      cleared_at: this.clock.now(),
      cleared_by: by,
    });
    return this.emit(updated);
  }

  private async upsert(
    patient: string,
    unit: string | null,
    f: Omit<Finding, 'ongoing'> & { ongoing: boolean },
  ): Promise<AlertView> {
    const now = this.clock.now();
    const detail = JSON.stringify({ ...f.detail, ongoing: f.ongoing });
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.store.alerts.active(patient, f.key);
      if (current) {
        const severity = rank(f.severity) > rank(current.severity) ? f.severity : current.severity;
        const changed = current.message !== f.message || severity !== current.severity;
        const updated = await this.store.alerts.bump(current.id, {
          last_seen_at: now,
          message: f.message,
          severity,
          detail_json: detail,
        });
        // Cleared meanwhile: this raise opens a new alert.
        if (!updated) continue;
        // Only a change worth showing goes out live; a condition merely still there does not.
        return changed ? (this.emit(updated) ?? toAlertView(updated)) : toAlertView(updated);
      }
      const opened = await this.store.alerts.open({
        patient,
        unit,
        kind: f.kind,
        key: f.key,
        severity: f.severity,
        status: 'open',
        message: f.message,
        detail_json: detail,
        opened_at: now,
        last_seen_at: now,
        count: 1,
        acked_at: null,
        acked_by: null,
        cleared_at: null,
        cleared_by: null,
      });
      if (opened) return this.emit(opened) ?? toAlertView(opened);
      // Another process opened it between our read and insert: update that one.
    }
    throw new Error(`could not store alert ${f.key} of ${patient}`);
  }

  private emit(row: AlertRow | undefined): AlertView | undefined {
    if (!row) return undefined;
    const view = toAlertView(row);
    if (this.relay) this.relay.send(view);
    else this.changed.emit(view);
    return view;
  }
}

const RANKS: Record<string, number> = { info: 0, warning: 1, high: 2 };
function rank(severity: string): number {
  return RANKS[severity] ?? 0;
}

export function toAlertView(row: AlertRow): AlertView {
  const { ongoing: _ongoing, ...detail } = JSON.parse(row.detail_json) as Record<string, unknown>;
  return {
    id: row.id,
    patient: row.patient,
    unit: row.unit,
    kind: row.kind,
    key: row.key,
    severity: row.severity as AlertView['severity'],
    status: row.status as AlertView['status'],
    message: row.message,
    detail,
    opened_at: row.opened_at,
    last_seen_at: row.last_seen_at,
    count: row.count,
    acked_at: row.acked_at,
    acked_by: row.acked_by,
    cleared_at: row.cleared_at,
    cleared_by: row.cleared_by,
  };
}
