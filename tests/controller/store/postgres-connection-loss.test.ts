import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../controller/store/open.js';
import { tempPostgres } from '../../helpers/postgres.js';
import { waitFor } from '../../helpers/wait-for.js';

describe('the PostgreSQL store when the server ends its connections', () => {
  let store: Store | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await store?.close();
    await drop?.();
  });

  it('survives (no uncaught error from an idle connection) and serves the next query', async () => {
    const db = await tempPostgres();
    drop = db.drop;
    const warnings: unknown[] = [];
    const log = pino(
      { level: 'warn' },
      new Writable({
        write(chunk, _encoding, done) {
          warnings.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    );
    store = await openStore(db.url, log);
    await sql`select 1`.execute(store.db);
    const name = new URL(db.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: db.url.replace(`/${name}`, '/postgres') });
    await admin.connect();
    try {
      // What a server restart or an administrator does to every open connection (SQLSTATE 57P01).
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    } finally {
      await admin.end();
    }
    await waitFor('the lost connection reported', async () => (warnings.length > 0 ? true : undefined));
    expect(warnings[0]).toMatchObject({ code: 'E_STORE_FAILED' });
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(store.db);
    expect(rows).toEqual([{ one: 1 }]);
  });
});
