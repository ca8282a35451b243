import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningController } from '../../controller/main.js';
import type { IngestStats } from '../../shared/api.js';
import { type UnitTopicKind, unitTopic } from '../../shared/topics.js';
import { validPayloads } from '../fixtures/payloads.js';
import { embeddedBroker, getJson, startTestController } from '../helpers/controller.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const KINDS = Object.keys(validPayloads) as UnitTopicKind[];
const N = 240;

// Regression: durable kinds were judged by the broker's beforeAck hook and again through
// ingest's subscription, so 3,000 malformed messages gave 4,117 rejects.
describe('rejects on the embedded broker', () => {
  const dir = tempDir();
  let controller: RunningController;
  let unit: mqtt.MqttClient;

  beforeAll(async () => {
    controller = await startTestController(dir.path, embeddedBroker());
    const login = await controller.provisionUnit('bed-1');
    unit = await mqtt.connectAsync(controller.brokerUrl, { ...login, protocolVersion: 4 });
  });
  afterAll(async () => {
    await unit.endAsync();
    await controller.stop();
    dir.remove();
  });

  it('counts each of N malformed messages exactly once, durable topics included, and loses nothing good', async () => {
    for (let i = 0; i < N; i++) {
      const kind = KINDS[i % KINDS.length] as UnitTopicKind;
      const payload = i % 2 ? `not json ${i}` : JSON.stringify({ ...validPayloads[kind], v: 'x' });
      await unit.publishAsync(unitTopic('bed-1', kind), payload, { qos: 1 });
    }
    // Good messages after the bad ones, durable and not: each stored once.
    const good = KINDS.filter((k) => !k.startsWith('cmd/'));
    for (const kind of good) {
      await unit.publishAsync(unitTopic('bed-1', kind), JSON.stringify(validPayloads[kind]), { qos: 1 });
    }
    const stats = await waitFor('the good messages stored', async () => {
      const s = await getJson<IngestStats>(controller, '/api/ingest');
      return s.accepted >= good.length ? s : undefined;
    });
    // The last good message went through the subscription after every bad one: all are counted.
    await controller.ingest.flush();
    const final = await getJson<IngestStats>(controller, '/api/ingest');
    expect(final.rejected).toBe(N);
    expect(final.rejects.reduce((n, r) => n + r.count, 0)).toBe(N);
    expect(final.accepted).toBe(good.length);
    expect(stats.duplicates).toBe(0);
  });
});
