import { join } from 'node:path';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import pg from 'pg';
import { type ControllerProcess, spawnController } from '../helpers/controller-process.js';
import { Mosquitto } from '../helpers/mosquitto.js';
import { tempPostgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import type { Bench } from './bench.js';
import { type Load, loadSize, publishLoad } from './scale-load.js';
import { fleetReconnect } from './scale-reconnect.js';

const LOAD: Load = {
  units: Number(process.env.BENCH_SCALE_UNITS ?? 200),
  rounds: Number(process.env.BENCH_SCALE_ROUNDS ?? 40),
  states: 2,
  clients: 20,
};
const FLEET_UNITS = Number(process.env.BENCH_SCALE_FLEET ?? 1000);

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const brokerConfig = ['allow_anonymous true', 'max_queued_messages 0', 'max_inflight_messages 200'];

/** The ceiling: the same generator through Mosquitto to one mqtt.js subscriber, no controller. */
async function rawBroker(): Promise<number> {
  const mosquitto = await Mosquitto.start({ persistence: true, extraConfig: brokerConfig });
  try {
    const sub = await mqtt.connectAsync(mosquitto.url, {
      clientId: 'bench-raw-sub',
      clean: true,
      reconnectPeriod: 0,
    });
    await sub.subscribeAsync('nocturne/v1/#', { qos: 1 });
    const { total } = loadSize(LOAD);
    let received = 0;
    let last = 0;
    sub.on('message', () => {
      received++;
      last = performance.now();
    });
    let start = 0;
    await publishLoad(mosquitto.url, LOAD, () => {
      start = performance.now();
    });
    await waitFor('the subscriber to get every message', () => received >= total, 60_000);
    await sub.endAsync();
    return total / ((last - start) / 1000);
  } finally {
    await mosquitto.dispose();
  }
}

interface Counter {
  durable(): Promise<{ distinct: number; rows: number }>;
  close(): Promise<void>;
}

function sqliteCounter(path: string): Counter {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const distinct = db.prepare('select count(*) as n from durable_seqs');
  const rows = db.prepare('select count(*) as n from session_samples');
  return {
    durable: async () => ({
      distinct: (distinct.get() as { n: number }).n,
      rows: (rows.get() as { n: number }).n,
    }),
    close: async () => {
      db.close();
    },
  };
}

async function pgCounter(url: string): Promise<Counter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    durable: async () => {
      const r = await client.query<{ distinct_n: string; rows_n: string }>(
        `select (select count(*) from durable_seqs) as distinct_n, (select count(*) from session_samples) as rows_n`,
      );
      return { distinct: Number(r.rows[0]?.distinct_n), rows: Number(r.rows[0]?.rows_n) };
    },
    close: () => client.end(),
  };
}

/**
 * Controller processes (the real `nocturne controller`, one per process) ingest the load; the rate
 * counts from the first message published to the last durable message stored. The generator's CPU
 * share is this process's CPU time over that wall time.
 */
async function controllers(engine: 'sqlite' | 'postgres', processes: number, raw: number) {
  const mosquitto = await Mosquitto.start({ persistence: true, extraConfig: brokerConfig });
  const dir = tempDir('nocturne-bench-scale-');
  const pgDb = engine === 'postgres' ? await tempPostgres() : undefined;
  const running: ControllerProcess[] = [];
  let counter: Counter | undefined;
  try {
    const sqlitePath = join(dir.path, 'bench.db');
    const args =
      engine === 'postgres'
        ? ['--cluster', '--broker', mosquitto.url, '--db', pgDb?.url ?? '']
        : ['--broker', mosquitto.url, '--db', `sqlite:${sqlitePath}`];
    for (let i = 0; i < processes; i++) running.push(await spawnController(args));
    // Every ingest subscribed (the dashboard line comes after ingest starts; give SUBACK a moment).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    counter = engine === 'postgres' ? await pgCounter(pgDb?.url ?? '') : sqliteCounter(sqlitePath);
    const { total, durable } = loadSize(LOAD);
    let start = 0;
    let cpu0 = process.cpuUsage();
    await publishLoad(mosquitto.url, LOAD, () => {
      start = performance.now();
      cpu0 = process.cpuUsage();
    });
    const published = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const c = counter;
    await waitFor(
      'every durable message stored',
      async () => (await c.durable()).distinct >= durable,
      180_000,
    );
    const seconds = (performance.now() - start) / 1000;
    // A moment for any straggling duplicate to land, then count.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { distinct, rows } = await c.durable();
    const msgsPerS = total / seconds;
    return {
      result: {
        msgs_per_s: Math.round(msgsPerS),
        durable_msgs_per_s: Math.round(durable / seconds),
        fraction_of_raw: round(msgsPerS / raw),
        lost: durable - distinct,
        duplicated: rows - distinct,
      },
      generatorCpuShare: (cpu.user + cpu.system) / 1e6 / ((published - start) / 1000),
    };
  } finally {
    await counter?.close();
    for (const c of running) {
      c.child.kill('SIGTERM');
      await c.exited();
    }
    await mosquitto.dispose();
    await pgDb?.drop();
    dir.remove();
  }
}

async function scale(progress: (m: string) => void): Promise<Record<string, unknown>> {
  const { total, durable } = loadSize(LOAD);
  progress(`raw broker ceiling: ${total} messages (${durable} durable) from ${LOAD.units} units`);
  const raw = await rawBroker();
  const shares: number[] = [];
  const phase = async (engine: 'sqlite' | 'postgres', n: number) => {
    progress(`${engine} × ${n} controller process(es)`);
    const { result, generatorCpuShare } = await controllers(engine, n, raw);
    shares.push(generatorCpuShare);
    progress(`${engine} × ${n}: ${JSON.stringify(result)}`);
    return result;
  };
  const sqlite_1 = await phase('sqlite', 1);
  const postgres_1 = await phase('postgres', 1);
  const postgres_2 = await phase('postgres', 2);
  const postgres_3 = await phase('postgres', 3);
  progress(`reconnect storm: ${FLEET_UNITS} simulated units, broker restarted`);
  const fleet = await fleetReconnect(FLEET_UNITS, progress);
  return {
    raw_broker_msgs_per_s: Math.round(raw),
    sqlite_1,
    postgres_1,
    postgres_2,
    postgres_3,
    // Of one core, while the generator published (the largest over the phases).
    generator_cpu_share: round(Math.max(...shares)),
    reconnect_all_online_s: fleet.reconnect_all_online_s,
    memory_per_unit_kb: fleet.memory_per_unit_kb,
  };
}

export const benches: Bench[] = [{ name: 'scale', run: ({ progress }) => scale(progress) }];
