import { type Kysely, type Migration, PostgresAdapter, sql } from 'kysely';

/** Migrations in order; each runs once per database (Kysely's Migrator keeps the record). */
export const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('units')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('online', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('status_changed_at', 'bigint')
        .addColumn('info_json', 'text')
        .addColumn('state_json', 'text')
        .addColumn('state_ts', 'bigint')
        .execute();
      await db.schema
        .createTable('session_events')
        .addColumn('unit', 'varchar(32)', (c) => c.notNull())
        .addColumn('epoch', 'varchar(64)', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('ts', 'bigint', (c) => c.notNull())
        .addColumn('session_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('type', 'varchar(16)', (c) => c.notNull())
        .addColumn('payload_json', 'text', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('session_events_pk', ['unit', 'epoch', 'seq'])
        .execute();
      await db.schema
        .createIndex('session_events_by_session')
        .on('session_events')
        .columns(['unit', 'session_id', 'ts'])
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('unit', 'varchar(32)', (c) => c.notNull())
        .addColumn('session_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('started_at', 'bigint')
        .addColumn('ended_at', 'bigint')
        .addColumn('end_reason', 'varchar(16)')
        .addColumn('trigger', 'varchar(16)')
        .addColumn('planned_s', 'double precision')
        .addColumn('duration_s', 'double precision')
        .addPrimaryKeyConstraint('sessions_pk', ['unit', 'session_id'])
        .execute();
      await db.schema
        .createTable('ingest_rejects')
        .addColumn('unit', 'varchar(32)', (c) => c.notNull())
        .addColumn('reason', 'varchar(32)', (c) => c.notNull())
        .addColumn('count', 'bigint', (c) => c.notNull())
        .addColumn('last_at', 'bigint', (c) => c.notNull())
        .addColumn('last_error', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ingest_rejects_pk', ['unit', 'reason'])
        .execute();
      await db.schema
        .createTable('mqtt_accounts')
        .addColumn('username', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('role', 'varchar(16)', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0002_durable_messages_and_control': {
    async up(db: Kysely<unknown>) {
      // Every (unit, epoch, seq) ingest has seen, whatever its kind: idempotency and gap detection.
      await db.schema
        .createTable('durable_seqs')
        .addColumn('unit', 'varchar(32)', (c) => c.notNull())
        .addColumn('epoch', 'varchar(64)', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'varchar(32)', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('durable_seqs_pk', ['unit', 'epoch', 'seq'])
        .execute();
      await db.schema
        .createTable('epoch_progress')
        .addColumn('unit', 'varchar(32)', (c) => c.notNull())
        .addColumn('epoch', 'varchar(64)', (c) => c.notNull())
        .addColumn('contiguous_to', 'bigint', (c) => c.notNull())
        .addColumn('max_seq', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('epoch_progress_pk', ['unit', 'epoch'])
        .execute();
      await db.schema
        .createTable('seq_gaps')
        .addColumn('unit', 'varchar(32)', (c) => c.notNull())
        .addColumn('epoch', 'varchar(64)', (c) => c.notNull())
        .addColumn('from_seq', 'bigint', (c) => c.notNull())
        .addColumn('to_seq', 'bigint', (c) => c.notNull())
        .addColumn('detected_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('seq_gaps_pk', ['unit', 'epoch', 'from_seq'])
        .execute();
      await db.schema
        .createTable('session_samples')
        .addColumn('unit', 'varchar(32)', (c) => c.notNull())
        .addColumn('epoch', 'varchar(64)', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('session_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('ts', 'bigint', (c) => c.notNull())
        .addColumn('t_first', 'bigint', (c) => c.notNull())
        .addColumn('t_last', 'bigint', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('interval_ms', 'integer', (c) => c.notNull())
        .addColumn('samples_json', 'text', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('session_samples_pk', ['unit', 'epoch', 'seq'])
        .execute();
      await db.schema
        .createIndex('session_samples_by_session')
        .on('session_samples')
        .columns(['unit', 'session_id', 't_first'])
        .execute();
      await db.schema
        .createTable('session_reports')
        .addColumn('unit', 'varchar(32)', (c) => c.notNull())
        .addColumn('session_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('epoch', 'varchar(64)', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('ts', 'bigint', (c) => c.notNull())
        .addColumn('end_reason', 'varchar(16)', (c) => c.notNull())
        .addColumn('duration_s', 'double precision', (c) => c.notNull())
        .addColumn('payload_json', 'text', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('session_reports_pk', ['unit', 'session_id'])
        .execute();
      await db.schema
        .createTable('unit_schedules')
        .addColumn('unit', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('version', 'integer')
        .addColumn('schedule_json', 'text')
        .addColumn('updated_at', 'bigint')
        .addColumn('applied_status', 'varchar(16)')
        .addColumn('applied_version', 'integer')
        .addColumn('applied_reason', 'text')
        .addColumn('applied_at', 'bigint')
        .addColumn('next_session_at', 'bigint')
        .execute();
      await db.schema
        .createTable('commands')
        .addColumn('cmd_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('unit', 'varchar(32)', (c) => c.notNull())
        .addColumn('name', 'varchar(32)', (c) => c.notNull())
        .addColumn('args_json', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('commands_by_unit').on('commands').columns(['unit', 'issued_at']).execute();
    },
  },
  '0003_people_and_access': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('username', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('role', 'varchar(16)', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('password_changed_at', 'bigint', (c) => c.notNull())
        .execute();
      // Only a hash of the session token is stored: a copy of the database opens no session.
      await db.schema
        .createTable('login_sessions')
        .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('username', 'varchar(64)', (c) => c.notNull())
        .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_sessions_by_user').on('login_sessions').column('username').execute();
      // Login attempts that failed (or are still being checked), one row per key: `user:<name>` and
      // `addr:<ip>`. The rate limit's memory; `attempt` lets a successful login take its rows back.
      await db.schema
        .createTable('login_failures')
        .addColumn('key', 'varchar(128)', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('attempt', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('login_failures_by_key')
        .on('login_failures')
        .columns(['key', 'at'])
        .execute();
      await db.schema
        .createTable('patients')
        .addColumn('code', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('timezone', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      // Which unit a patient had when: `to_at` null is the current one. History is never rewritten.
      await db.schema
        .createTable('patient_units')
        .addColumn('patient', 'varchar(32)', (c) => c.notNull())
        .addColumn('unit', 'varchar(32)', (c) => c.notNull())
        .addColumn('from_at', 'bigint', (c) => c.notNull())
        .addColumn('to_at', 'bigint')
        .addPrimaryKeyConstraint('patient_units_pk', ['patient', 'unit', 'from_at'])
        .execute();
      await db.schema
        .createIndex('patient_units_by_unit')
        .on('patient_units')
        .columns(['unit', 'from_at'])
        .execute();
      await db.schema
        .createTable('patient_caregivers')
        .addColumn('patient', 'varchar(32)', (c) => c.notNull())
        .addColumn('username', 'varchar(64)', (c) => c.notNull())
        .addPrimaryKeyConstraint('patient_caregivers_pk', ['patient', 'username'])
        .execute();
      await db.schema
        .createIndex('patient_caregivers_by_user')
        .on('patient_caregivers')
        .column('username')
        .execute();
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
      await db.schema
        .createTable('audit_log')
        .addColumn('id', postgres ? 'bigserial' : 'integer', (c) =>
          postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'varchar(64)', (c) => c.notNull())
        .addColumn('action', 'varchar(32)', (c) => c.notNull())
        .addColumn('patient', 'varchar(32)')
        .addColumn('unit', 'varchar(32)')
        .addColumn('detail_json', 'text', (c) => c.notNull())
        .addColumn('outcome', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_log_by_patient')
        .on('audit_log')
        .columns(['patient', 'id'])
        .execute();
    },
  },
  '0004_dashboard': {
    async up(db: Kysely<unknown>) {
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
      const id = (t: ReturnType<Kysely<unknown>['schema']['createTable']>) =>
        t.addColumn('id', postgres ? 'bigserial' : 'integer', (c) =>
          postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
        );
      await id(db.schema.createTable('alerts'))
        .addColumn('patient', 'varchar(32)', (c) => c.notNull())
        .addColumn('unit', 'varchar(32)')
        .addColumn('kind', 'varchar(48)', (c) => c.notNull())
        .addColumn('key', 'varchar(128)', (c) => c.notNull())
        .addColumn('severity', 'varchar(16)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('detail_json', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('acked_at', 'bigint')
        .addColumn('acked_by', 'varchar(64)')
        .addColumn('cleared_at', 'bigint')
        .addColumn('cleared_by', 'varchar(64)')
        .execute();
      // One active alert per condition, even with several controller processes evaluating.
      await db.schema
        .createIndex('alerts_one_active')
        .on('alerts')
        .columns(['patient', 'key'])
        .unique()
        .where(sql.ref('cleared_at'), 'is', null)
        .execute();
      await db.schema
        .createIndex('alerts_by_patient')
        .on('alerts')
        .columns(['patient', 'opened_at'])
        .execute();
      await db.schema
        .createTable('alert_settings')
        .addColumn('patient', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('settings_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(64)', (c) => c.notNull())
        .execute();
      await id(db.schema.createTable('patient_notes'))
        .addColumn('patient', 'varchar(32)', (c) => c.notNull())
        .addColumn('author', 'varchar(64)', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('session_id', 'varchar(64)')
        .execute();
      await db.schema
        .createIndex('patient_notes_by_patient')
        .on('patient_notes')
        .columns(['patient', 'at'])
        .execute();
      await db.schema
        .createTable('unit_heard')
        .addColumn('unit', 'varchar(32)', (c) => c.notNull())
        .addColumn('hour_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('unit_heard_pk', ['unit', 'hour_at'])
        .execute();
    },
  },
  '0005_outcomes': {
    async up(db: Kysely<unknown>) {
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
      const id = (t: string) =>
        db.schema
          .createTable(t)
          .addColumn('id', postgres ? 'bigserial' : 'integer', (c) =>
            postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
          );
      // The programme's first (and, once it ends, last) day in the patient's zone, YYYY-MM-DD.
      await db.schema.alterTable('patients').addColumn('programme_start', 'varchar(10)').execute();
      await db.schema.alterTable('patients').addColumn('programme_end', 'varchar(10)').execute();
      // The answers as entered and the scores they gave then: a later scoring change never rewrites them.
      await id('questionnaire_entries')
        .addColumn('patient', 'varchar(32)', (c) => c.notNull())
        .addColumn('measure', 'varchar(8)', (c) => c.notNull())
        .addColumn('answers_json', 'text', (c) => c.notNull())
        .addColumn('scores_json', 'text', (c) => c.notNull())
        .addColumn('taken_at', 'bigint', (c) => c.notNull())
        .addColumn('entered_by', 'varchar(64)', (c) => c.notNull())
        .addColumn('entered_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('questionnaire_entries_by_patient')
        .on('questionnaire_entries')
        .columns(['patient', 'measure', 'taken_at'])
        .execute();
      // One diary entry per night (the evening's date).
      await db.schema
        .createTable('diary_nights')
        .addColumn('patient', 'varchar(32)', (c) => c.notNull())
        .addColumn('date', 'varchar(10)', (c) => c.notNull())
        .addColumn('answers_json', 'text', (c) => c.notNull())
        .addColumn('scores_json', 'text', (c) => c.notNull())
        .addColumn('entered_by', 'varchar(64)', (c) => c.notNull())
        .addColumn('entered_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('diary_nights_pk', ['patient', 'date'])
        .execute();
      await id('co_therapies')
        .addColumn('patient', 'varchar(32)', (c) => c.notNull())
        .addColumn('what', 'varchar(200)', (c) => c.notNull())
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('dose', 'varchar(200)')
        .addColumn('from_day', 'varchar(10)', (c) => c.notNull())
        .addColumn('to_day', 'varchar(10)')
        .addColumn('entered_by', 'varchar(64)', (c) => c.notNull())
        .addColumn('entered_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('co_therapies_by_patient')
        .on('co_therapies')
        .columns(['patient', 'id'])
        .execute();
    },
  },
  '0006_protocols': {
    async up(db: Kysely<unknown>) {
      // A clinic's protocol versions: each name@version written once and never changed.
      await db.schema
        .createTable('protocols')
        .addColumn('name', 'varchar(48)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('title', 'varchar(120)', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('params_json', 'text', (c) => c.notNull())
        .addColumn('hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
        .addPrimaryKeyConstraint('protocols_pk', ['name', 'version'])
        .execute();
      // Which protocol a stored session ran, so "in use" needs no scan of every report's JSON.
      await db.schema.alterTable('session_reports').addColumn('protocol_name', 'varchar(48)').execute();
      await db.schema.alterTable('session_reports').addColumn('protocol_version', 'integer').execute();
      await db.schema
        .createIndex('session_reports_by_protocol')
        .on('session_reports')
        .columns(['protocol_name', 'protocol_version'])
        .execute();
      await backfillReportProtocols(db);
    },
  },
  '0007_schedule_status': {
    async up(db: Kysely<unknown>) {
      // Every reason a unit gave for refusing a schedule (schedule/applied `reasons`), as JSON.
      await db.schema.alterTable('unit_schedules').addColumn('applied_reasons_json', 'text').execute();
      // The version the unit's last answer was about: a refusal of an old version says nothing of the latest.
      await db.schema.alterTable('unit_schedules').addColumn('answered_version', 'integer').execute();
    },
  },
  '0008_ingest_slots': {
    async up(db: Kysely<unknown>) {
      // The ingest slots of several controller processes (controller/cluster/ingest-slots.ts):
      // each names a persistent MQTT session that a surviving process drains when its owner dies.
      await db.schema
        .createTable('ingest_slots')
        .addColumn('slot', 'integer', (c) => c.primaryKey())
        .addColumn('client_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('claimed_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
};

const BACKFILL_BATCH = 500;

/** Reports stored before 0006 carry their protocol only inside payload_json. */
async function backfillReportProtocols(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as Kysely<{
    session_reports: {
      unit: string;
      session_id: string;
      payload_json: string;
      protocol_name: string | null;
      protocol_version: number | null;
    };
  }>;
  let after = { unit: '', session_id: '' };
  for (;;) {
    const rows = await db
      .selectFrom('session_reports')
      .select(['unit', 'session_id', 'payload_json'])
      .where((eb) =>
        eb.or([
          eb('unit', '>', after.unit),
          eb.and([eb('unit', '=', after.unit), eb('session_id', '>', after.session_id)]),
        ]),
      )
      .orderBy('unit')
      .orderBy('session_id')
      .limit(BACKFILL_BATCH)
      .execute();
    for (const row of rows) {
      const protocol = (JSON.parse(row.payload_json) as { protocol?: { name?: unknown; version?: unknown } })
        .protocol;
      if (typeof protocol?.name !== 'string' || typeof protocol.version !== 'number') continue;
      await db
        .updateTable('session_reports')
        .set({ protocol_name: protocol.name, protocol_version: protocol.version })
        .where('unit', '=', row.unit)
        .where('session_id', '=', row.session_id)
        .execute();
    }
    const last = rows.at(-1);
    if (!last || rows.length < BACKFILL_BATCH) return;
    after = last;
  }
}
