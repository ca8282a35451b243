import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../../../controller/broker/embedded-broker.js';
import type { RunningController } from '../../../controller/main.js';
import type { UnitView } from '../../../shared/api.js';
import { silentLogger } from '../../../shared/log.js';
import { embeddedBroker, getJson, startTestController } from '../../helpers/controller.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

const status = (unit: string, state: 'online' | 'offline') =>
  JSON.stringify({ v: 1, unit, ts: Date.now(), state });

describe('embedded broker logins and ACL', () => {
  const dir = tempDir();
  let controller: RunningController;
  let bed1: mqtt.MqttClient;
  let login: { username: string; password: string };

  beforeAll(async () => {
    controller = await startTestController(dir.path, embeddedBroker(true));
    login = await controller.provisionUnit('bed-1');
    bed1 = await mqtt.connectAsync(controller.brokerUrl, { ...login, protocolVersion: 4 });
    await bed1.publishAsync('nocturne/v1/bed-1/status', status('bed-1', 'online'), { qos: 1, retain: true });
  });
  afterAll(async () => {
    await bed1.endAsync();
    await controller.stop();
    dir.remove();
  });

  const units = () => getJson<UnitView[]>(controller, '/api/units');

  it('refuses a wrong password', async () => {
    await expect(
      mqtt.connectAsync(controller.brokerUrl, { username: 'bed-1', password: 'nope', reconnectPeriod: 0 }),
    ).rejects.toThrow(/Bad username or password|Not authorized/i);
  });

  it('lets anonymous clients read retained telemetry', async () => {
    const reader = await mqtt.connectAsync(controller.brokerUrl, { protocolVersion: 4 });
    try {
      const got = new Promise<string>((resolve) =>
        reader.on('message', (_t, payload) => resolve(payload.toString())),
      );
      await reader.subscribeAsync('nocturne/v1/+/status', { qos: 1 });
      expect(JSON.parse(await got)).toMatchObject({ unit: 'bed-1', state: 'online' });
    } finally {
      await reader.endAsync();
    }
  });

  it('drops what anonymous clients publish and what a unit publishes for another unit', async () => {
    await waitFor('bed-1 ingested', async () => (await units()).some((u) => u.id === 'bed-1' && u.online));
    const anonymous = await mqtt.connectAsync(controller.brokerUrl, {
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    anonymous.on('error', () => {});
    anonymous.publish('nocturne/v1/bed-9/status', status('bed-9', 'online'), { qos: 0 });
    bed1.publish('nocturne/v1/bed-2/status', status('bed-2', 'online'), { qos: 0 });
    // A marker sent after them: once it is stored, the refused messages would have been too.
    await bed1.publishAsync('nocturne/v1/bed-1/status', status('bed-1', 'offline'), { qos: 1 });
    await waitFor('the marker', async () => (await units()).some((u) => u.id === 'bed-1' && !u.online));
    expect((await units()).map((u) => u.id)).toEqual(['bed-1']);
    await anonymous.endAsync(true);
  });
});

describe('embedded broker forwarding', () => {
  let broker: EmbeddedBroker;
  const clients: mqtt.MqttClient[] = [];

  beforeAll(async () => {
    broker = new EmbeddedBroker({
      host: '127.0.0.1',
      port: 0,
      fallbackToFreePort: false,
      log: silentLogger(),
      authenticate: async (username) =>
        username === 'ctl'
          ? { role: 'controller' }
          : username === 'bed-1'
            ? { role: 'unit', unit: 'bed-1' }
            : { role: 'anonymous' },
    });
    await broker.start();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync()));
    await broker.stop();
  });

  async function client(username?: string): Promise<{ client: mqtt.MqttClient; topics: string[] }> {
    const c = await mqtt.connectAsync(broker.url, {
      protocolVersion: 4,
      username,
      password: username && 'x',
    });
    clients.push(c);
    const topics: string[] = [];
    c.on('message', (topic) => topics.push(topic));
    return { client: c, topics };
  }

  it('delivers commands to their unit only, and telemetry to integrators', async () => {
    const controller = await client('ctl');
    const unit = await client('bed-1');
    const integrator = await client();
    await unit.client.subscribeAsync('nocturne/v1/bed-1/cmd/+', { qos: 1 });
    await integrator.client.subscribeAsync('nocturne/v1/#', { qos: 1 });

    await controller.client.publishAsync('nocturne/v1/bed-1/cmd/start', '{}', { qos: 1 });
    await controller.client.publishAsync('nocturne/v1/bed-1/schedule', '{}', { qos: 1, retain: true });
    await unit.client.publishAsync('nocturne/v1/bed-1/cmd/start/ack', '{}', { qos: 1 });

    await waitFor('the ack at the integrator', () =>
      integrator.topics.includes('nocturne/v1/bed-1/cmd/start/ack'),
    );
    await waitFor('the command at the unit', () => unit.topics.includes('nocturne/v1/bed-1/cmd/start'));
    expect(integrator.topics).toEqual(['nocturne/v1/bed-1/cmd/start/ack']);
  });
});
