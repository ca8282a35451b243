import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { Leader, type PeriodicJob } from '../../../controller/cluster/leader.js';
import { PgLink } from '../../../controller/cluster/pg-link.js';
import { RealClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { tempPostgres } from '../../helpers/postgres.js';
import { waitFor } from '../../helpers/wait-for.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

/** A job that records whether it runs. */
function job(): PeriodicJob & { running: boolean } {
  const j = {
    name: 'test job',
    running: false,
    start: () => {
      j.running = true;
    },
    stop: async () => {
      j.running = false;
    },
  };
  return j;
}

async function member(url: string) {
  const clock = new RealClock();
  const link = new PgLink({ url, clock, log: silentLogger() });
  await link.start();
  const work = job();
  const leader = new Leader({ link, clock, log: silentLogger(), jobs: [work], pollMs: 100 });
  leader.start();
  await leader.settled();
  cleanup.push(async () => {
    await leader.stop();
    await link.stop();
  });
  return { link, leader, work };
}

describe('periodic work under a PostgreSQL advisory lock', () => {
  it('runs in one process at a time and is taken over when the holder’s connection dies', async () => {
    const db = await tempPostgres();
    cleanup.push(() => db.drop());
    const a = await member(db.url);
    const b = await member(db.url);
    expect(a.work.running).toBe(true);
    expect(b.work.running).toBe(false);
    // Several polls later the second still waits: the lock is held.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(b.leader.isLeader).toBe(false);

    // The holder dies as a SIGKILLed process does: the server ends its session, freeing the lock.
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    cleanup.push(() => admin.end());
    await admin.query(
      `select pg_terminate_backend(pid) from pg_locks
        where locktype = 'advisory' and classid = $1 and objid = 0 and granted`,
      [0x4e4f4354],
    );
    await waitFor('the other process to take the work over', () => b.work.running, 5_000);
    expect(b.leader.isLeader).toBe(true);
    // The old holder knows it lost the lock and stopped its jobs.
    await waitFor('the old holder to stop', () => !a.work.running, 5_000);
    expect(a.leader.isLeader).toBe(false);
  }, 20_000);

  it('hands the work over on a clean stop', async () => {
    const db = await tempPostgres();
    cleanup.push(() => db.drop());
    const a = await member(db.url);
    const b = await member(db.url);
    await a.leader.stop();
    await a.link.stop();
    await waitFor('the other process to take the work over', () => b.work.running, 5_000);
  }, 20_000);
});
