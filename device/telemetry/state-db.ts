import Database from 'better-sqlite3';

export type StateDb = Database.Database;

/**
 * How hard the state database works to survive a power cut. `power-loss` (a real unit) syncs
 * every commit to disk; `process-crash` (load tests with many units in one process) survives a
 * killed process but may lose the last commits on a power cut.
 */
export type Durability = 'power-loss' | 'process-crash';

/** Schema steps in order; `PRAGMA user_version` records how many ran. Add steps, never edit one. */
const MIGRATIONS: string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
   CREATE TABLE outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     kind TEXT NOT NULL,
     session_id TEXT NOT NULL,
     seq INTEGER UNIQUE,
     ts INTEGER NOT NULL,
     samples INTEGER NOT NULL DEFAULT 0,
     body TEXT NOT NULL
   );
   CREATE TABLE commands (
     cmd_id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     status TEXT NOT NULL,
     reason TEXT,
     expires_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE documents (name TEXT PRIMARY KEY, body TEXT NOT NULL);`,
];

/** Opens (creating if needed) the unit's SQLite state database and brings its schema up to date. */
export function openStateDb(file: string, durability: Durability): { db: StateDb; created: boolean } {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${durability === 'power-loss' ? 'FULL' : 'NORMAL'}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    const migrate = db.transaction(() => {
      for (let i = version; i < MIGRATIONS.length; i++) db.exec(MIGRATIONS[i] as string);
      db.pragma(`user_version = ${MIGRATIONS.length}`);
    });
    migrate();
    return { db, created: version === 0 };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** A named integer in the `meta` table (seq counter, last ts, merge counter). */
export class MetaCounter {
  private readonly get: Database.Statement<[string], { value: number }>;
  private readonly put: Database.Statement<[string, number]>;

  constructor(
    db: StateDb,
    private readonly key: string,
  ) {
    this.get = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.put = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  read(): number {
    return this.get.get(this.key)?.value ?? 0;
  }

  write(value: number): void {
    this.put.run(this.key, value);
  }
}
