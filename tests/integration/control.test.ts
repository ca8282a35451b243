import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningController, startController } from '../../controller/main.js';
import { type RunningUnit, startUnit } from '../../device/main.js';
import type { CommandView, ScheduleView } from '../../shared/api.js';
import { silentLogger } from '../../shared/log.js';
import { adminApi } from '../helpers/controller.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

/** Commands and schedules from the HTTP API to a unit and back, on the embedded broker. */
describe('controlling a unit', () => {
  const dir = tempDir();
  let controller: RunningController;
  let unit: RunningUnit;
  let integrator: mqtt.MqttClient;

  beforeAll(async () => {
    controller = await startController({
      broker: {
        kind: 'embedded',
        host: '127.0.0.1',
        port: 0,
        fallbackToFreePort: false,
        anonymousRead: true,
      },
      db: `sqlite:${join(dir.path, 'c.db')}`,
      http: { host: '127.0.0.1', port: 0 },
      log: silentLogger(),
      haDiscoveryPrefix: 'homeassistant',
    });
    integrator = await mqtt.connectAsync(controller.brokerUrl, { protocolVersion: 4 });
    const login = await controller.provisionUnit('bed-3');
    // Real time (speed 1): commands carry wall-clock expiry times.
    unit = await startUnit({
      id: 'bed-3',
      brokerUrl: controller.brokerUrl,
      ...login,
      speed: 1,
      stateDir: join(dir.path, 'unit'),
      profile: 'typical',
      log: silentLogger(),
    });
  });
  afterAll(async () => {
    await unit.stop();
    await integrator.endAsync();
    await controller.stop();
    dir.remove();
  });

  const api = <T>(method: string, path: string, body?: unknown) =>
    adminApi<T>(controller, method, path, body);
  const finalAnswer = (cmd: CommandView) =>
    waitFor(`an answer to ${cmd.name}`, async () => {
      const got = (await api<CommandView>('GET', `/api/units/bed-3/commands/${cmd.cmd_id}`)).body;
      return got.status === 'done' || got.status === 'rejected' ? got : undefined;
    });

  it('starts and stops a session by command, and refuses what makes no sense', async () => {
    // A unit's persistent session exists once it has connected; commands are not retained.
    await waitFor('the unit online', async () =>
      (await api<{ id: string; online: boolean }[]>('GET', '/api/units')).body.some((u) => u.online),
    );
    const start = await api<CommandView>('POST', '/api/units/bed-3/commands/start', {});
    expect(start.status).toBe(202);
    expect(await finalAnswer(start.body)).toMatchObject({ status: 'done' });
    expect(unit.unit.inSession).toBe(true);

    const again = await api<CommandView>('POST', '/api/units/bed-3/commands/start', {});
    expect(await finalAnswer(again.body)).toMatchObject({
      status: 'rejected',
      reason: 'a session is already running',
    });

    const stop = await api<CommandView>('POST', '/api/units/bed-3/commands/stop', { ttl_s: 60 });
    expect(await finalAnswer(stop.body)).toMatchObject({ status: 'done' });
    expect(unit.unit.inSession).toBe(false);
    const sessions = (await api<{ end_reason: string }[]>('GET', '/api/units/bed-3/sessions')).body;
    await waitFor(
      'the session stored as stopped by command',
      async () =>
        (await api<{ end_reason: string }[]>('GET', '/api/units/bed-3/sessions')).body[0]?.end_reason ===
        'command',
    );
    expect(sessions).toHaveLength(1);

    expect((await api('POST', '/api/units/bed-3/commands/dance', {})).status).toBe(400);
    expect((await api('POST', '/api/units/bed-3/commands/snooze', { args: { minutes: 'ten' } })).status).toBe(
      400,
    );
  });

  it('applies a schedule and reports its version and the next session', async () => {
    const put = await api<{ version: number }>('PUT', '/api/units/bed-3/schedule', {
      timezone: 'Europe/Berlin',
      entries: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], time: '22:00', duration_min: 45 }],
    });
    expect(put.status).toBe(202);
    const view = await waitFor('the schedule applied', async () => {
      const v = (await api<ScheduleView>('GET', '/api/units/bed-3/schedule')).body;
      return v.applied.version === put.body.version ? v : undefined;
    });
    expect(view.applied.status).toBe('applied');
    expect(view.applied.next_session_at).toBeGreaterThan(Date.now());
    expect(view.applied.next_session_at).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
    const snooze = await api<CommandView>('POST', '/api/units/bed-3/commands/snooze', {
      args: { minutes: 15 },
    });
    expect(await finalAnswer(snooze.body)).toMatchObject({ status: 'done' });
    const bad = await api('PUT', '/api/units/bed-3/schedule', { timezone: 'Mars/Olympus', entries: [] });
    expect(bad.status).toBe(400);
  });

  it('publishes Home Assistant discovery that an integrator can read', async () => {
    const got = new Promise<Record<string, unknown>>((resolve) =>
      integrator.on('message', (topic, payload) => {
        if (topic.startsWith('homeassistant/'))
          resolve(JSON.parse(payload.toString()) as Record<string, unknown>);
      }),
    );
    await integrator.subscribeAsync('homeassistant/device/+/config', { qos: 1 });
    const config = (await got) as { cmps: Record<string, Record<string, unknown>> };
    expect(config.cmps.nocturne_bed_3_bpm).toMatchObject({
      p: 'sensor',
      unit_of_measurement: 'bpm',
      state_class: 'measurement',
      state_topic: 'nocturne/v1/bed-3/state',
    });
    expect(Object.keys(config.cmps).sort()).toEqual(
      ['bpm', 'light', 'online', 'phase', 'volume'].map((k) => `nocturne_bed_3_${k}`),
    );
  });
});
