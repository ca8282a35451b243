import type { Kysely, Migration } from 'kysely';

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
};
