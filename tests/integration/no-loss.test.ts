import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerChoice, RunningController } from '../../controller/main.js';
import { Outbox } from '../../device/telemetry/outbox.js';
import { StateDir } from '../../device/telemetry/state-dir.js';
import type { SessionSample as Sample } from '../../shared/schemas/session-samples.js';
import { spawnCli } from '../helpers/cli.js';
import { embeddedBroker, getJson, startTestController } from '../helpers/controller.js';
import { Mosquitto } from '../helpers/mosquitto.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

/** 120× : a 20-minute session takes 10 s, and 4 s of broker outage are 8 simulated minutes. */
const SPEED = 120;
const UNIT = 'bed-7';
const OUTAGE_REAL_MS = 4000;
/** Samples reach the outbox at least every 10 s of unit time (DESIGN.md "MQTT"), one per 1 s tick. */
const BATCH_MS = 10_000;
const TICK_MS = 1000;

interface Broker {
  url: string;
  controller: RunningController;
  login: string[];
  stop(): Promise<void>;
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

const controllerFor = (dir: string, broker: BrokerChoice) =>
  startTestController(dir, broker, { gapGraceMs: 2000 });

const variants: { name: string; setup(dir: string): Promise<Broker> }[] = [
  {
    name: 'real Mosquitto with persistence',
    async setup(dir) {
      const mosquitto = await Mosquitto.start({ persistence: true });
      const controller = await controllerFor(dir, { kind: 'external', url: mosquitto.url });
      return {
        url: mosquitto.url,
        controller,
        login: [],
        stop: () => mosquitto.stop(),
        restart: () => mosquitto.restart(),
        dispose: async () => {
          await controller.stop();
          await mosquitto.dispose();
        },
      };
    },
  },
  {
    name: 'embedded aedes broker',
    async setup(dir) {
      const controller = await controllerFor(dir, embeddedBroker());
      const { username, password } = await controller.provisionUnit(UNIT);
      const broker = controller.broker;
      if (!broker) throw new Error('no embedded broker');
      return {
        url: controller.brokerUrl,
        controller,
        login: ['--username', username, '--password', password],
        stop: () => broker.stop(),
        restart: () => broker.start(),
        dispose: () => controller.stop(),
      };
    },
  },
];

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe.each(variants)('no session data is lost, with the $name', (variant) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('survives a broker outage and a SIGKILL of the unit: every seq once, a report per session', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const broker = await variant.setup(dir.path);
    cleanups.push(() => broker.dispose());
    const { store } = broker.controller;
    const stateDir = join(dir.path, 'unit');
    let stderr = '';
    const startUnit = (minutes: number) => {
      const child = spawnCli([
        'device',
        '--simulate',
        '--broker',
        broker.url,
        '--id',
        UNIT,
        ...broker.login,
        '--state-dir',
        stateDir,
        '--speed',
        String(SPEED),
        '--session-now',
        '--session-minutes',
        String(minutes),
        // The insomnia patient never reaches a calm point: sessions run until the timer (or the kill).
        '--profile',
        'insomnia',
      ]);
      child.stderr?.on('data', (c: Buffer) => {
        stderr += c.toString();
      });
      cleanups.push(async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
          await exited(child);
        }
      });
      return child;
    };
    const sessions = () => store.sessions.listForUnit(UNIT);
    const batchesOf = async (sessionId: string) => store.sessions.samples(UNIT, sessionId);

    // A long session: the broker goes away mid-session, then the unit is killed.
    const first = startUnit(60);
    const sessionId = await waitFor('the first session', async () => (await sessions())[0]?.session_id);
    await waitFor('sample batches', async () => (await batchesOf(sessionId)).length >= 3);

    await broker.stop();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_REAL_MS));
    await broker.restart();
    // Reconnect backoff (jittered, growing during the outage) may take a while after the restart.
    const beforeKill = await waitFor(
      'samples after the outage',
      async () => {
        const n = (await batchesOf(sessionId)).length;
        return n >= 3 + (OUTAGE_REAL_MS * SPEED) / BATCH_MS ? n : undefined;
      },
      45_000,
    );
    expect(beforeKill).toBeGreaterThan(3);

    const lastStateTs = (await store.units.get(UNIT))?.state_ts ?? 0;
    first.kill('SIGKILL');
    await exited(first);

    // Restarted on the same state dir: it closes the cut-off session as a fault and runs a short one.
    const second = startUnit(3);
    await waitFor(
      'both sessions reported',
      async () => {
        const all = await sessions();
        return all.length === 2 && all.every((s) => s.end_reason !== null) ? all : undefined;
      },
      60_000,
    );
    second.kill('SIGTERM');
    await exited(second);

    // Every message the unit made arrived: the outbox is empty and the seqs 0..next-1 are all stored.
    const unitState = StateDir.open(stateDir);
    const outbox = new Outbox(unitState);
    const made = outbox.nextSeqValue;
    const pending = outbox.pending;
    unitState.close();
    expect(pending).toBe(0);
    const epoch = readFileSync(join(stateDir, 'epoch'), 'utf8').trim();
    const seqs = await waitFor('every seq at the controller', async () => {
      const got = (await store.gaps.seqsAfter(UNIT, epoch, -1, 100_000)).map((r) => r.seq);
      return got.length === made ? got : undefined;
    });
    expect(seqs).toEqual([...Array(made).keys()]);

    // A report per session: the killed one as a fault, the short one by its timer.
    const all = await sessions();
    const cut = all.find((s) => s.session_id === sessionId);
    const short = all.find((s) => s.session_id !== sessionId);
    expect(cut?.end_reason).toBe('fault');
    expect(short?.end_reason).toBe('timer');
    for (const s of all) {
      const report = await store.sessions.report(UNIT, s.session_id);
      expect(report?.end_reason).toBe(s.end_reason);
    }

    // Samples exactly once, and at most one batch interval lost at the kill.
    const samples = (await batchesOf(sessionId)).flatMap((b) => JSON.parse(b.samples_json) as Sample[]);
    const times = samples.map((s) => s.t);
    expect(new Set(times).size).toBe(times.length);
    // (The outage itself is covered by the seqs: every batch made during it arrived.) Scaled time
    // stretches a tick when the test machine stalls, hence a little slack on the batch interval.
    expect(lastStateTs - (times.at(-1) as number)).toBeLessThanOrEqual(BATCH_MS + 3 * TICK_MS);

    const stats = await getJson(broker.controller, '/api/ingest');
    expect(stats).toMatchObject({ rejected: 0, gaps: [] });
    expect(stderr.split('\n').filter((l) => /"level":(50|60)/.test(l))).toEqual([]);
  }, 120_000);
});
