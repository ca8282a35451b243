/** Tables of the controller database (SQLite or PostgreSQL). Times are ms since the epoch, UTC. */
export interface Database {
  units: UnitsTable;
  session_events: SessionEventsTable;
  sessions: SessionsTable;
  ingest_rejects: IngestRejectsTable;
  mqtt_accounts: MqttAccountsTable;
}

export interface UnitsTable {
  id: string;
  first_seen_at: number;
  last_seen_at: number;
  /** 1 online, 0 offline (integers so SQLite and PostgreSQL agree). */
  online: number;
  status_changed_at: number | null;
  info_json: string | null;
  state_json: string | null;
  state_ts: number | null;
}

export interface SessionEventsTable {
  unit: string;
  epoch: string;
  seq: number;
  ts: number;
  session_id: string;
  type: string;
  payload_json: string;
  received_at: number;
}

export interface SessionsTable {
  unit: string;
  session_id: string;
  started_at: number | null;
  ended_at: number | null;
  end_reason: string | null;
  trigger: string | null;
  planned_s: number | null;
  duration_s: number | null;
}

export interface IngestRejectsTable {
  /** The unit named in the topic, or '' when the topic itself was bad. */
  unit: string;
  reason: string;
  count: number;
  last_at: number;
  last_error: string;
}

export interface MqttAccountsTable {
  username: string;
  role: 'unit' | 'integrator';
  password_hash: string;
  created_at: number;
}
