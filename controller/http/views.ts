import type { SessionView, UnitView } from '../../shared/api.js';
import { infoSchema } from '../../shared/schemas/info.js';
import { stateSchema } from '../../shared/schemas/state.js';
import type { SessionRow } from '../store/sessions-repo.js';
import type { UnitRow } from '../store/units-repo.js';

/** The API's view of a unit, from its row (stored payloads were validated on the way in). */
export function toUnitView(row: UnitRow): UnitView {
  const state = row.state_json ? stateSchema.safeParse(JSON.parse(row.state_json)) : undefined;
  const info = row.info_json ? infoSchema.safeParse(JSON.parse(row.info_json)) : undefined;
  const s = state?.success ? state.data : undefined;
  const i = info?.success ? info.data : undefined;
  const online = row.online === 1;
  return {
    id: row.id,
    online,
    status_changed_at: row.status_changed_at,
    last_seen_at: row.last_seen_at,
    phase: s?.phase ?? null,
    // An offline unit's last heart rate is history, not a reading.
    bpm: online ? (s?.bpm ?? null) : null,
    volume_db: s?.volume_db ?? null,
    light: s?.light ?? null,
    session_id: s?.session_id ?? null,
    state_ts: row.state_ts,
    faults: s?.faults ?? [],
    firmware: i?.firmware ?? null,
    simulated: i?.simulated ?? null,
    calibrated: i?.calibration.calibrated ?? null,
  };
}

export function toSessionView(row: SessionRow): SessionView {
  return {
    unit: row.unit,
    session_id: row.session_id,
    started_at: row.started_at,
    ended_at: row.ended_at,
    end_reason: row.end_reason as SessionView['end_reason'],
    trigger: row.trigger as SessionView['trigger'],
    planned_s: row.planned_s,
    duration_s: row.duration_s,
  };
}
