import { join } from 'node:path';
import { Mosquitto } from '../helpers/mosquitto.js';
import { FakeNotifySocket } from '../helpers/notify-socket.js';
import { offlineIndex, startUnitUnderSystemd, statesOf } from '../helpers/systemd-unit.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import type { Bench } from './bench.js';

const RUNS = Number(process.env.BENCH_STOP_RUNS ?? 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * The simulated unit as systemd runs it (fake NOTIFY_SOCKET, real Mosquitto), `RUNS` times:
 * start → READY=1, and SIGTERM mid-session → the dark, silent state at the broker, → `offline`,
 * → exit. The goals: darkness and silence within 2 s, exit well within TimeoutStopSec (20 s).
 */
async function gracefulStop(progress: (m: string) => void): Promise<Record<string, unknown>> {
  const broker = await Mosquitto.start();
  const ready: number[] = [];
  const dark: number[] = [];
  const offline: number[] = [];
  const exit: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const dir = tempDir('nocturne-bench-');
      const notify = await FakeNotifySocket.open();
      const unit = await startUnitUnderSystemd({
        brokerUrl: broker.url,
        notify,
        id: `bench-${i}`,
        stateDir: join(dir.path, 'unit'),
        speed: 10,
      });
      try {
        await waitFor('READY=1', () => notify.with('READY').length === 1, 30_000);
        ready.push(Date.now() - unit.startedAt);
        await waitFor('lit', () => statesOf(unit).some((s) => (s.light as number) > 0.05), 30_000);
        const sigterm = Date.now();
        unit.child.kill('SIGTERM');
        const exited = await unit.exit;
        const off = await waitFor('offline', () =>
          offlineIndex(unit) >= 0 ? offlineIndex(unit) : undefined,
        );
        const last = unit.received
          .slice(0, off)
          .findLast((r) => r.suffix === 'state' && r.payload.light === 0);
        dark.push((last?.at ?? Number.NaN) - sigterm);
        offline.push((unit.received[off]?.at ?? Number.NaN) - sigterm);
        exit.push(exited.at - sigterm);
        progress(`run ${i + 1}: exit code ${exited.code}, ${exit.at(-1)} ms`);
      } finally {
        await unit.dispose();
        await notify.close();
        dir.remove();
      }
    }
  } finally {
    await broker.dispose();
  }
  return {
    runs: RUNS,
    ready_median_ms: median(ready),
    dark_median_ms: median(dark),
    dark_max_ms: Math.max(...dark),
    offline_median_ms: median(offline),
    exit_median_ms: median(exit),
    exit_max_ms: Math.max(...exit),
  };
}

export const benches: Bench[] = [
  { name: 'service.graceful-stop', run: ({ progress }) => gracefulStop(progress) },
];
