import { join } from 'node:path';
import { type RunningController, startController } from '../../controller/main.js';
import { silentLogger } from '../../shared/log.js';
import { runCli } from '../helpers/cli.js';
import { Mosquitto } from '../helpers/mosquitto.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import type { Bench } from './bench.js';

interface FleetResult {
  messages: number;
  durable_messages: number;
  elapsed_s: number;
  merged_batches: number;
  units: { id: string; next_seq: number; epoch: string }[];
}

const DEVICES = Number(process.env.BENCH_DEVICES ?? 100);
const SPEED = Number(process.env.BENCH_SPEED ?? 100);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 20);

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * One controller (SQLite) ingests what `nocturne simulate-fleet` sends through a real Mosquitto
 * (persistence on, unlimited queue for the persistent ingest session).
 * - live: the controller runs while the fleet does; the rate is bounded by the fleet generator,
 *   which shares this 2-core machine.
 * - backlog: the controller is down while the fleet runs (the broker keeps everything for the
 *   ingest session), then starts and drains it: the controller's own capacity.
 * Both check that nothing was lost: every durable seq of every unit stored, every message counted.
 * The rate counts from the first message stored to the last. CPU share is this process's CPU time
 * (ingest, store, HTTP) over the wall time of the phase (from the controller start for backlog).
 */
async function phase(
  mode: 'live' | 'backlog',
  progress: (m: string) => void,
): Promise<Record<string, unknown>> {
  const dir = tempDir('nocturne-bench-');
  const mosquitto = await Mosquitto.start({
    persistence: true,
    extraConfig: ['allow_anonymous true', 'max_queued_messages 0', 'max_inflight_messages 100'],
  });
  let controller: RunningController | undefined;
  // Ingest time: from the first message stored in the phase to the last.
  let first = 0;
  let last = 0;
  const start = async () => {
    const started = await startController({
      broker: { kind: 'external', url: mosquitto.url },
      db: `sqlite:${join(dir.path, 'bench.db')}`,
      http: { host: '127.0.0.1', port: 0 },
      log: silentLogger(),
    });
    started.ingest.onStored(() => {
      last = performance.now();
      first ||= last;
    });
    return started;
  };
  try {
    controller = await start();
    // Make sure ingest's persistent session exists at the broker before the fleet starts.
    await waitFor('ingest subscribed', () => controller?.ingest.stats() !== undefined);
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (mode === 'backlog') {
      await controller.stop();
      controller = undefined;
    }
    let cpu0 = process.cpuUsage();
    let wall0 = performance.now();
    first = 0;
    progress(`${mode}: fleet of ${DEVICES} units at ${SPEED}× with ${MINUTES}-min sessions`);
    const fleet = await runCli([
      'simulate-fleet',
      '--devices',
      String(DEVICES),
      '--broker',
      mosquitto.url,
      '--speed',
      String(SPEED),
      '--minutes',
      String(MINUTES),
    ]);
    if (fleet.code !== 0) throw new Error(`simulate-fleet failed: ${fleet.stderr.slice(-2000)}`);
    const result = JSON.parse(fleet.stdout) as FleetResult;
    if (mode === 'backlog') {
      progress(`backlog of ${result.messages} messages at the broker; starting the controller`);
      cpu0 = process.cpuUsage();
      wall0 = performance.now();
      controller = await start();
    }
    const running = controller as RunningController;
    const missing = async () => {
      let n = 0;
      for (const u of result.units)
        n += u.next_seq - (await running.store.gaps.seqsAfter(u.id, u.epoch, -1, 1_000_000)).length;
      return n;
    };
    const stats = await waitFor(
      'every message stored',
      () => {
        const s = running.ingest.stats();
        return s.accepted + s.duplicates >= result.messages ? s : undefined;
      },
      300_000,
    );
    await running.ingest.flush();
    const cpu = process.cpuUsage(cpu0);
    const wallS = (performance.now() - wall0) / 1000;
    const ingestS = (last - first) / 1000;
    await waitFor('every durable seq', async () => (await missing()) === 0, 30_000);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    return {
      devices: DEVICES,
      speed: SPEED,
      session_minutes: MINUTES,
      fleet_elapsed_s: result.elapsed_s,
      messages_sent: result.messages,
      messages_stored: stats.accepted,
      duplicates: stats.duplicates,
      rejected: stats.rejected,
      durable_messages: result.durable_messages,
      durable_missing: await missing(),
      merged_batches: result.merged_batches,
      wall_s: round(wallS),
      ingest_s: round(ingestS),
      ingest_msgs_per_s: Math.round(stats.accepted / ingestS),
      durable_msgs_per_s: Math.round(result.durable_messages / ingestS),
      controller_cpu_s: round(cpuS),
      controller_cpu_share: round(cpuS / wallS, 2),
    };
  } finally {
    await controller?.stop();
    await mosquitto.dispose();
    dir.remove();
  }
}

export const benches: Bench[] = [
  { name: 'ingest.sqlite.live', run: ({ progress }) => phase('live', progress) },
  { name: 'ingest.sqlite.backlog', run: ({ progress }) => phase('backlog', progress) },
];
