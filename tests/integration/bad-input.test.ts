import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningController } from '../../controller/main.js';
import type { IngestStats, UnitView } from '../../shared/api.js';
import { validPayloads } from '../fixtures/payloads.js';
import { getJson, startTestController } from '../helpers/controller.js';
import { Mosquitto } from '../helpers/mosquitto.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const validState = validPayloads.state as typeof validPayloads.state & { ts: number };

describe('bad input on MQTT', () => {
  const dir = tempDir();
  let mosquitto: Mosquitto;
  let controller: RunningController;
  let client: mqtt.MqttClient;

  beforeAll(async () => {
    mosquitto = await Mosquitto.start();
    controller = await startTestController(dir.path, { kind: 'external', url: mosquitto.url });
    client = await mqtt.connectAsync(mosquitto.url, { protocolVersion: 4 });
  });
  afterAll(async () => {
    await client.endAsync();
    await controller.stop();
    await mosquitto.dispose();
    dir.remove();
  });

  const api = <T>(path: string) => getJson<T>(controller, path);

  it('is rejected, counted per unit and reason, and leaves stored data unchanged', async () => {
    await client.publishAsync('nocturne/v1/bed-1/state', JSON.stringify(validState), { qos: 1 });
    await waitFor('the valid state', async () =>
      (await api<UnitView[]>('/api/units')).find((u) => u.id === 'bed-1'),
    );

    const bad: [string, string][] = [
      ['nocturne/v1/bed-1/state', 'not json at all'],
      ['nocturne/v1/bed-1/state', '{"v":1,"unit":"bed-1"'],
      ['nocturne/v1/bed-1/state', JSON.stringify({ ...validState, bpm: 'fast' })],
      ['nocturne/v1/bed-1/state', JSON.stringify({ ...validState, ts: validState.ts + 1, light: 7 })],
      ['nocturne/v1/bed-1/status', JSON.stringify({ v: 1, unit: 'bed-2', ts: 1, state: 'online' })],
      ['nocturne/v1/BAD_ID/status', JSON.stringify({ v: 1, unit: 'bed-1', ts: 1, state: 'online' })],
      ['nocturne/v1/bed-1/session/event', JSON.stringify({ v: 1, unit: 'bed-1', ts: 1, type: 'started' })],
      ['nocturne/v1/bed-1/info', Buffer.from([0xff, 0xfe, 0x00]).toString('latin1')],
    ];
    for (const [topic, payload] of bad) await client.publishAsync(topic, payload, { qos: 1 });

    const stats = await waitFor('every bad message counted', async () => {
      const s = await api<IngestStats>('/api/ingest');
      return s.rejected >= bad.length ? s : undefined;
    });
    expect(stats.rejected).toBe(bad.length);
    const counts = Object.fromEntries(stats.rejects.map((r) => [`${r.unit}:${r.reason}`, r.count]));
    expect(counts).toEqual({
      'bed-1:not_json': 3,
      'bed-1:schema': 3,
      'bed-1:unit_mismatch': 1,
      ':bad_topic': 1,
    });

    // The stored unit is exactly what the one valid message said.
    const units = await api<UnitView[]>('/api/units');
    expect(units.map((u) => u.id)).toEqual(['bed-1']);
    expect(units[0]).toMatchObject({ bpm: null, light: 0, phase: 'idle', state_ts: validState.ts });
    expect(await api<unknown[]>('/api/units/bed-1/sessions')).toEqual([]);

    // And the controller keeps working.
    await client.publishAsync(
      'nocturne/v1/bed-1/status',
      JSON.stringify({ v: 1, unit: 'bed-1', ts: 5, state: 'online' }),
      { qos: 1 },
    );
    await waitFor('the unit online', async () => (await api<UnitView>('/api/units/bed-1')).online);
  });
});
