import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';
import { type ControllerProcess, signInAt, spawnController } from '../helpers/controller-process.js';
import { Mosquitto } from '../helpers/mosquitto.js';
import { tempPostgres } from '../helpers/postgres.js';
import { waitFor } from '../helpers/wait-for.js';

const UNITS = 200;
/** 10 simulated minutes at 120×: 5 s of real time per session (more on a loaded machine). */
const SPEED = 120;
const MINUTES = 10;

interface FleetResult {
  durable_messages: number;
  units: { id: string; next_seq: number; epoch: string }[];
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

describe('three controller processes on PostgreSQL share ingest through one Mosquitto', () => {
  it('store every durable message of 200 units exactly once, with no seq missing, when one process is killed mid-run', async () => {
    const db = await tempPostgres();
    cleanup.push(() => db.drop());
    const mosquitto = await Mosquitto.start({
      persistence: true,
      extraConfig: ['allow_anonymous true', 'max_queued_messages 0', 'max_inflight_messages 100'],
    });
    cleanup.push(() => mosquitto.dispose());
    const args = ['--cluster', '--cluster-poll-s', '1', '--broker', mosquitto.url, '--db', db.url];
    // Started together: the schema migrations take a lock of their own.
    const controllers = await Promise.all([0, 1, 2].map(() => spawnController(args, { LOG_LEVEL: 'info' })));
    for (const c of controllers) {
      cleanup.push(async () => {
        c.child.kill('SIGTERM');
        await c.exited();
      });
    }
    const admin = await runCli(['user', 'add', 'ops', '--role', 'admin', '--db', db.url]);
    expect(admin.code).toBe(0);
    const { password } = JSON.parse(admin.stdout) as { password: string };

    const fleet = spawnCli([
      'simulate-fleet',
      '--devices',
      String(UNITS),
      '--broker',
      mosquitto.url,
      '--speed',
      String(SPEED),
      '--minutes',
      String(MINUTES),
    ]);
    cleanup.push(async () => {
      fleet.kill('SIGTERM');
    });
    let stdout = '';
    let stderr = '';
    fleet.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    fleet.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const fleetDone = new Promise<number | null>((resolve) => fleet.once('exit', resolve));

    // Mid-run: every unit has a few messages stored, most of its session is still to come.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    cleanup.push(() => client.end());
    const stored = async () =>
      Number((await client.query<{ n: string }>('select count(*) as n from durable_seqs')).rows[0]?.n ?? 0);
    await waitFor('sessions under way', async () => (await stored()) >= UNITS * 3, 60_000);
    expect(fleet.exitCode).toBeNull();
    // A command goes out from the process that serves the caregiver; the unit's answer, taken in by
    // whichever process the broker chose, shows on every process.
    const unit = `fleet-${UNITS}`;
    const [first, second, third] = controllers as [ControllerProcess, ControllerProcess, ControllerProcess];
    const sent = await fetch(`${first.url}/api/units/${unit}/commands/snooze`, {
      method: 'POST',
      headers: { ...(await signInAt(first.url, 'ops', password)), 'content-type': 'application/json' },
      body: JSON.stringify({ args: { minutes: 10 }, ttl_s: 120 }),
    });
    expect(sent.status).toBe(202);
    const { cmd_id } = (await sent.json()) as { cmd_id: string };
    const secondHeaders = await signInAt(second.url, 'ops', password);
    const thirdHeaders = await signInAt(third.url, 'ops', password);
    // The one on slot 0, the first to hold the periodic work (the lowest slot is taken first).
    const victim = await slotZero(controllers);
    const survivors = controllers.filter((c) => c !== victim);
    victim.child.kill('SIGKILL');
    await victim.exited();

    expect(await fleetDone).toBe(0);
    const result = JSON.parse(stdout || '{}') as FleetResult;
    expect(result.units, stderr.slice(-2000)).toHaveLength(UNITS);

    // Everything the dead process held is drained by a survivor: every seq of every epoch, once.
    const counts = async () =>
      (
        await client.query<{ unit: string; epoch: string; n: string; distinct_n: string; max_seq: number }>(
          `select unit, epoch, count(*) as n, count(distinct seq) as distinct_n, max(seq) as max_seq
             from durable_seqs group by unit, epoch`,
        )
      ).rows;
    const complete = async () => {
      const rows = await counts();
      const byUnit = new Map(rows.map((r) => [`${r.unit}/${r.epoch}`, r]));
      return (
        result.units.every((u) => Number(byUnit.get(`${u.id}/${u.epoch}`)?.n ?? 0) === u.next_seq) && rows
      );
    };
    const rows = await waitFor('every durable message stored', complete, 60_000);
    expect(rows).toHaveLength(UNITS);
    for (const u of result.units) {
      const row = rows.find((r) => r.unit === u.id && r.epoch === u.epoch);
      expect(Number(row?.distinct_n)).toBe(u.next_seq);
      expect(Number(row?.max_seq)).toBe(u.next_seq - 1);
    }
    // The content rows: one per durable message (events, sample batches, reports).
    const content = await client.query<{ n: string }>(
      `select (select count(*) from session_events) + (select count(*) from session_samples)
            + (select count(*) from session_reports) as n`,
    );
    expect(Number(content.rows[0]?.n)).toBe(result.durable_messages);

    // The leader died with it: a survivor took the periodic work over and drained, then retired,
    // the dead process's ingest slot.
    await waitFor(
      'the dead process’s ingest slot retired',
      async () => (await client.query('select slot from ingest_slots where slot = 0')).rowCount === 0,
      30_000,
    );

    // The unit answered the command; both other processes show the answer.
    for (const [c, headers] of [
      [second, secondHeaders],
      [third, thirdHeaders],
    ] as const) {
      if (c === victim) continue;
      const status = await waitFor(
        'the unit’s answer to the command',
        async () => {
          const res = await fetch(`${c.url}/api/units/${unit}/commands/${cmd_id}`, { headers });
          const { status } = (await res.json()) as { status: string };
          return status !== 'sent' && status;
        },
        30_000,
      );
      expect(['accepted', 'rejected', 'done']).toContain(status);
    }

    // Every remaining process's API shows every unit.
    for (const c of survivors) {
      const headers = await signInAt(c.url, 'ops', password);
      const res = await fetch(`${c.url}/api/units`, { headers });
      expect(res.status, c.output().slice(-3000)).toBe(200);
      const shown = new Set(((await res.json()) as { id: string }[]).map((u) => u.id));
      const missing = result.units.filter((u) => !shown.has(u.id)).map((u) => u.id);
      expect(missing, c.output().slice(-3000)).toEqual([]);
      expect(shown.size).toBe(UNITS);
    }
  }, 150_000);
});

/** The process holding ingest slot 0 (each logs its slot as it joins). */
async function slotZero(controllers: ControllerProcess[]): Promise<ControllerProcess> {
  return waitFor('the process on slot 0', () =>
    controllers.find((c) => /"slot":0,"msg":"joined the controller cluster"/.test(c.output())),
  );
}
