import { join } from 'node:path';
import mqtt from 'mqtt';
import { startController } from '../../controller/main.js';
import { silentLogger } from '../../shared/log.js';
import { mqttConnectOptions } from '../../shared/mqtt-client.js';
import { unitTopic } from '../../shared/topics.js';
import { validPayloads } from '../fixtures/payloads.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTestPki } from '../helpers/tls-certs.js';
import { waitFor } from '../helpers/wait-for.js';
import type { Bench } from './bench.js';

const UNITS = Number(process.env.BENCH_TLS_UNITS ?? 20);
const MESSAGES = Number(process.env.BENCH_TLS_MESSAGES ?? 300);

const roundTo = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Ingest over TLS against plain MQTT in one run: one controller (embedded broker with both
 * listeners, SQLite), UNITS units each sending MESSAGES `session/samples` batches at QoS 1
 * (stored before the PUBACK), first over the loopback plain listener, then over TLS with a CA
 * the bench makes. Reports each rate, the ratio, and the time to connect every unit.
 */
async function run(progress: (m: string) => void): Promise<Record<string, unknown>> {
  const dir = tempDir('nocturne-bench-tls-');
  const pki = makeTestPki(dir.path);
  const controller = await startController({
    broker: {
      kind: 'embedded',
      host: '127.0.0.1',
      port: 0,
      fallbackToFreePort: false,
      anonymousRead: false,
      tls: { host: '127.0.0.1', port: 0, cert: pki.cert, key: pki.key },
    },
    db: `sqlite:${join(dir.path, 'bench.db')}`,
    http: { host: '127.0.0.1', port: 0 },
    log: silentLogger(),
  });
  const samples = validPayloads['session/samples'] as Record<string, unknown>;
  try {
    const phase = async (name: 'plain' | 'tls', round: number) => {
      const url = name === 'tls' ? (controller.brokerTlsUrl as string) : controller.brokerUrl;
      const ids = Array.from({ length: UNITS }, (_, i) => `${name}-${round}-${i}`);
      const logins = await Promise.all(ids.map((id) => controller.provisionUnit(id)));
      const c0 = performance.now();
      const clients = await Promise.all(
        logins.map((login) =>
          mqtt.connectAsync(
            url,
            mqttConnectOptions({
              url,
              ...login,
              clientId: `bench-${login.username}`,
              persistent: false,
              tls: name === 'tls' ? { ca: pki.ca } : undefined,
            }),
          ),
        ),
      );
      const connectMs = performance.now() - c0;
      const stored0 = controller.ingest.stats().accepted;
      const t0 = performance.now();
      await Promise.all(
        clients.map(async (client, u) => {
          const unit = ids[u] as string;
          for (let seq = 0; seq < MESSAGES; seq++) {
            const body = JSON.stringify({ ...samples, unit, seq });
            await client.publishAsync(unitTopic(unit, 'session/samples'), body, { qos: 1 });
          }
        }),
      );
      const total = UNITS * MESSAGES;
      await waitFor(
        'every batch stored',
        () => controller.ingest.stats().accepted - stored0 >= total,
        120_000,
      );
      const seconds = (performance.now() - t0) / 1000;
      await Promise.all(clients.map((c) => c.endAsync()));
      progress(`${name} round ${round}: ${total} batches in ${seconds.toFixed(1)} s`);
      return { seconds, connectMs, total };
    };
    // A warm-up round first (JIT, SQLite's cache), then the two transports in turn, twice.
    await phase('plain', 0);
    const runs = {
      plain: [] as Awaited<ReturnType<typeof phase>>[],
      tls: [] as Awaited<ReturnType<typeof phase>>[],
    };
    for (const r of [1, 2]) {
      runs.plain.push(await phase('plain', r));
      runs.tls.push(await phase('tls', r));
    }
    const summary = (list: Awaited<ReturnType<typeof phase>>[]) => {
      const seconds = list.reduce((s, p) => s + p.seconds, 0);
      const messages = list.reduce((s, p) => s + p.total, 0);
      return {
        messages,
        elapsed_s: roundTo(seconds, 2),
        msgs_per_s: Math.round(messages / seconds),
        connect_all_ms: Math.round(list.reduce((s, p) => s + p.connectMs, 0) / list.length),
      };
    };
    const plain = summary(runs.plain);
    const tls = summary(runs.tls);
    return {
      units: UNITS,
      messages_per_unit: MESSAGES,
      plain,
      tls,
      tls_over_plain_rate: roundTo(tls.msgs_per_s / plain.msgs_per_s, 2),
      rejected: controller.ingest.stats().rejected,
    };
  } finally {
    await controller.stop();
    dir.remove();
  }
}

export const benches: Bench[] = [{ name: 'ingest.tls-vs-plain', run: ({ progress }) => run(progress) }];
