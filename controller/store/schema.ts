import type { Generated } from 'kysely';

/** Tables of the controller database (SQLite or PostgreSQL). Times are ms since the epoch, UTC. */
export interface Database {
  units: UnitsTable;
  session_events: SessionEventsTable;
  sessions: SessionsTable;
  ingest_rejects: IngestRejectsTable;
  mqtt_accounts: MqttAccountsTable;
  durable_seqs: DurableSeqsTable;
  epoch_progress: EpochProgressTable;
  seq_gaps: SeqGapsTable;
  session_samples: SessionSamplesTable;
  session_reports: SessionReportsTable;
  unit_schedules: UnitSchedulesTable;
  commands: CommandsTable;
  users: UsersTable;
  login_sessions: LoginSessionsTable;
  login_failures: LoginFailuresTable;
  patients: PatientsTable;
  patient_units: PatientUnitsTable;
  patient_caregivers: PatientCaregiversTable;
  audit_log: AuditLogTable;
  questionnaire_entries: QuestionnaireEntriesTable;
  diary_nights: DiaryNightsTable;
  co_therapies: CoTherapiesTable;
  alerts: AlertsTable;
  alert_settings: AlertSettingsTable;
  patient_notes: PatientNotesTable;
  unit_heard: UnitHeardTable;
  protocols: ProtocolsTable;
  ingest_slots: IngestSlotsTable;
}

/** One ingest slot of a controller process on PostgreSQL (its persistent MQTT session). */
export interface IngestSlotsTable {
  slot: number;
  client_id: string;
  claimed_at: number;
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

/** One row per durable message seen, whatever its kind: the ledger of (unit, epoch, seq). */
export interface DurableSeqsTable {
  unit: string;
  epoch: string;
  seq: number;
  kind: string;
  received_at: number;
}

/** Per epoch: every seq up to `contiguous_to` is stored or recorded as a gap. */
export interface EpochProgressTable {
  unit: string;
  epoch: string;
  contiguous_to: number;
  max_seq: number;
  updated_at: number;
}

/** Seqs still missing after the grace period (from_seq..to_seq, inclusive). */
export interface SeqGapsTable {
  unit: string;
  epoch: string;
  from_seq: number;
  to_seq: number;
  detected_at: number;
}

export interface SessionSamplesTable {
  unit: string;
  epoch: string;
  seq: number;
  session_id: string;
  ts: number;
  t_first: number;
  t_last: number;
  count: number;
  interval_ms: number;
  samples_json: string;
  received_at: number;
}

export interface SessionReportsTable {
  unit: string;
  session_id: string;
  epoch: string;
  seq: number;
  ts: number;
  end_reason: string;
  duration_s: number;
  payload_json: string;
  received_at: number;
  /** The protocol the session ran (0006; null for a report without one). */
  protocol_name: string | null;
  protocol_version: number | null;
}

/** The desired schedule (what the controller published) and what the unit answered. */
export interface UnitSchedulesTable {
  unit: string;
  version: number | null;
  schedule_json: string | null;
  updated_at: number | null;
  applied_status: string | null;
  applied_version: number | null;
  applied_reason: string | null;
  /** JSON array of `path: message`: every problem the unit found (null: none given). */
  applied_reasons_json: string | null;
  /** The version the unit's last answer (applied or refused) was about. */
  answered_version: number | null;
  applied_at: number | null;
  next_session_at: number | null;
}

export interface CommandsTable {
  cmd_id: string;
  unit: string;
  name: string;
  args_json: string;
  issued_at: number;
  expires_at: number;
  /** sent, accepted, rejected, done */
  status: string;
  reason: string | null;
  updated_at: number;
}

export type UserRole = 'admin' | 'caregiver' | 'viewer';

/** Dashboard accounts (people), apart from the MQTT accounts of machines. */
export interface UsersTable {
  username: string;
  role: UserRole;
  /** argon2id, PHC string. */
  password_hash: string;
  /** 1 disabled (cannot sign in, every session ended), 0 active. */
  disabled: number;
  created_at: number;
  password_changed_at: number;
}

export interface LoginSessionsTable {
  /** SHA-256 of the cookie's token, hex. */
  token_hash: string;
  username: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
}

export interface LoginFailuresTable {
  /** `user:<username>` or `addr:<address>`. */
  key: string;
  at: number;
  /** Random id of the login attempt that wrote the row. */
  attempt: string;
}

export interface PatientsTable {
  /** Pseudonymous code; no name is stored. */
  code: string;
  timezone: string;
  created_at: number;
  /** First day of the programme, YYYY-MM-DD in the patient's zone; null: the day the patient was created. */
  programme_start: string | null;
  /** Last day of the programme, or null while it goes on. */
  programme_end: string | null;
}

export interface PatientUnitsTable {
  patient: string;
  unit: string;
  from_at: number;
  /** null while assigned. */
  to_at: number | null;
}

export interface PatientCaregiversTable {
  patient: string;
  username: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  patient: string | null;
  unit: string | null;
  detail_json: string;
  outcome: string;
}

/** A PSQI, ISI, GAD-7 or PHQ-9 as entered, with the scores it gave (controller/outcomes/). */
export interface QuestionnaireEntriesTable {
  id: Generated<number>;
  patient: string;
  measure: 'psqi' | 'isi' | 'gad7' | 'phq9';
  answers_json: string;
  scores_json: string;
  /** When the patient answered it. */
  taken_at: number;
  entered_by: string;
  entered_at: number;
}

/** One Consensus Sleep Diary night: the answers and the night's scores. */
export interface DiaryNightsTable {
  patient: string;
  /** The evening the night starts on, YYYY-MM-DD. */
  date: string;
  answers_json: string;
  scores_json: string;
  entered_by: string;
  entered_at: number;
}

/** What else the patient receives (CLINICAL.md "Co-therapies"). */
export interface CoTherapiesTable {
  id: Generated<number>;
  patient: string;
  what: string;
  kind: string;
  dose: string | null;
  /** First and last day, YYYY-MM-DD; `to_day` null while it goes on. */
  from_day: string;
  to_day: string | null;
  entered_by: string;
  entered_at: number;
}

/** Alerts (controller/alerts): one row per condition episode; an ongoing condition updates its row. */
export interface AlertsTable {
  id: Generated<number>;
  patient: string;
  unit: string | null;
  kind: string;
  /** Same key, same condition: at most one row per (patient, key) is not cleared. */
  key: string;
  severity: string;
  /** open, acknowledged, cleared */
  status: string;
  message: string;
  detail_json: string;
  opened_at: number;
  last_seen_at: number;
  count: number;
  acked_at: number | null;
  acked_by: string | null;
  cleared_at: number | null;
  cleared_by: string | null;
}

/** Per-patient thresholds of the alert rules (absent: the defaults). */
export interface AlertSettingsTable {
  patient: string;
  settings_json: string;
  updated_at: number;
  updated_by: string;
}

/** Caregivers' notes about a patient; written once, never edited. */
export interface PatientNotesTable {
  id: Generated<number>;
  patient: string;
  author: string;
  at: number;
  text: string;
  session_id: string | null;
}

/** The hours in which a unit was heard at all: tells a missed night from one without data. */
export interface UnitHeardTable {
  unit: string;
  /** Start of the hour, ms UTC. */
  hour_at: number;
}

/** One version of a clinic's protocol; never updated (a change is the next version). */
export interface ProtocolsTable {
  name: string;
  version: number;
  title: string;
  description: string | null;
  /** The resolved parameters, every default filled in. */
  params_json: string;
  /** paramsHash of those parameters. */
  hash: string;
  created_at: number;
  created_by: string;
}
