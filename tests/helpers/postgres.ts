import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests use: 127.0.0.1:5432, user postgres, trust (as scripts/ensure-postgres sets up). */
const ADMIN_URL = process.env.NOCTURNE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, empty database for one test file, and a function that drops it. */
export async function tempPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `nocturne_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
