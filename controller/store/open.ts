import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { NocturneError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { ControllerErrorCode } from '../errors.js';
import { migrations } from './migrations.js';
import type { Database } from './schema.js';

export interface Store {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/**
 * Opens the database named by `url` (`sqlite:PATH`, `sqlite::memory:` or `postgres://…`) and
 * brings its schema up to date. Drivers load lazily: a PostgreSQL site never loads SQLite's.
 */
export async function openStore(url: string, log?: Logger): Promise<Store> {
  const db = url.startsWith('sqlite:')
    ? await openSqlite(url.slice('sqlite:'.length))
    : /^postgres(ql)?:\/\//.test(url)
      ? await openPostgres(url, log)
      : undefined;
  if (!db) {
    throw new NocturneError(
      ControllerErrorCode.DatabaseUrl,
      `--db must be sqlite:PATH or postgres://…, got "${url}"`,
    );
  }
  const migrator = new Migrator({
    db: db as Kysely<unknown>,
    provider: { getMigrations: async () => migrations },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect: url.startsWith('sqlite:') ? 'sqlite' : 'postgres', close: () => db.destroy() };
}

const STATEMENT_CACHE_SIZE = 500;

async function openSqlite(path: string): Promise<Kysely<Database>> {
  const { default: SqliteDatabase } = await import('better-sqlite3');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // Kysely prepares every query anew; ingest runs the same few thousands of times a second.
  const statements = new Map<string, ReturnType<typeof sqlite.prepare>>();
  const database = {
    close: () => sqlite.close(),
    prepare: (source: string) => {
      let statement = statements.get(source);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statement = sqlite.prepare(source);
        statements.set(source, statement);
      }
      return statement;
    },
  };
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

async function openPostgres(url: string, log: Logger | undefined): Promise<Kysely<Database>> {
  const { default: pg } = await import('pg');
  // int8 columns hold ms timestamps and seq numbers, all well inside 2^53: read them as numbers.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection that the server ends (a restart, an administrator, a failover) is an
  // 'error' on the pool; unhandled, it would kill the controller. The pool replaces the
  // connection, and a query that needed it fails and is retried or reported by its caller.
  const lost = (err: Error) =>
    log?.warn({ code: ControllerErrorCode.StoreFailed, err: err.message }, 'PostgreSQL connection lost');
  pool.on('error', lost);
  // The pool listens only to idle connections: one that the server ends while it is checked out
  // between two statements of a transaction would be an unhandled 'error'. Its query fails instead.
  pool.on('connect', (client) => client.on('error', lost));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
