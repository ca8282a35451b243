import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../controller/store/migrations.js';
import { openStore } from '../../../controller/store/open.js';
import { tempPostgres } from '../../helpers/postgres.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** A database as it was before 0006, on each engine. */
const engines = [
  {
    name: 'sqlite',
    async make() {
      const dir = tempDir();
      const file = join(dir.path, 'old.db');
      return {
        url: `sqlite:${file}`,
        db: new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) }),
        drop: async () => dir.remove(),
      };
    },
  },
  {
    name: 'postgres',
    async make() {
      const temp = await tempPostgres();
      return {
        url: temp.url,
        db: new Kysely<unknown>({
          dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: temp.url }) }),
        }),
        drop: temp.drop,
      };
    },
  },
] as const;

describe.each(engines)('migration 0006_protocols on $name', (engine) => {
  it('fills the protocol columns of the reports stored before it, from their JSON', async () => {
    const old = await engine.make();
    try {
      const migrator = new Migrator({ db: old.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0005_outcomes')).error).toBeUndefined();
      const report = {
        unit: 'bed-1',
        epoch: 'e',
        seq: 1,
        ts: 1,
        end_reason: 'timer',
        duration_s: 60,
        received_at: 1,
      };
      await (old.db as Kysely<{ session_reports: Record<string, unknown> }>)
        .insertInto('session_reports')
        .values([
          {
            ...report,
            session_id: 's1',
            payload_json: JSON.stringify({ protocol: { name: 'ward-b', version: 2, hash: 'h' } }),
          },
          { ...report, session_id: 's2', payload_json: JSON.stringify({ trigger: 'button' }) },
        ])
        .execute();
      await old.db.destroy();

      const store = await openStore(old.url);
      try {
        const rows = await store.db
          .selectFrom('session_reports')
          .select(['session_id', 'protocol_name', 'protocol_version'])
          .orderBy('session_id')
          .execute();
        expect(rows).toEqual([
          { session_id: 's1', protocol_name: 'ward-b', protocol_version: 2 },
          { session_id: 's2', protocol_name: null, protocol_version: null },
        ]);
      } finally {
        await store.close();
      }
    } finally {
      await old.drop();
    }
  });
});
