import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningController } from '../../../controller/main.js';
import { embeddedBroker, startTestController } from '../../helpers/controller.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('rotating and revoking a unit login on the embedded broker', () => {
  const dir = tempDir();
  let controller: RunningController;

  beforeAll(async () => {
    controller = await startTestController(dir.path, embeddedBroker());
  });
  afterAll(async () => {
    await controller.stop();
    dir.remove();
  });

  const connect = (login: { username: string; password: string }) =>
    mqtt.connectAsync(controller.brokerUrl, { ...login, protocolVersion: 4, reconnectPeriod: 0 });
  const closed = (client: mqtt.MqttClient) =>
    new Promise<void>((resolve) => client.once('close', () => resolve()));

  it('disconnects a revoked unit at once and refuses it afterwards', async () => {
    const login = await controller.provisionUnit('bed-1');
    const client = await connect(login);
    const gone = closed(client);
    expect(await controller.revokeUnit('bed-1')).toBe(true);
    await gone;
    await expect(connect(login)).rejects.toThrow(/not authorized|bad user/i);
    expect(await controller.revokeUnit('bed-1')).toBe(false);
  });

  it('disconnects a rotated unit, refuses the old password and takes the new one', async () => {
    const old = await controller.provisionUnit('bed-2');
    const client = await connect(old);
    const gone = closed(client);
    const fresh = await controller.provisionUnit('bed-2');
    await gone;
    await expect(connect(old)).rejects.toThrow(/not authorized|bad user/i);
    const again = await connect(fresh);
    await again.endAsync();
  });

  it('disconnects a unit revoked by another process (add-unit --revoke writes the database)', async () => {
    const login = await controller.provisionUnit('bed-3');
    const client = await connect(login);
    const other = await connect(await controller.provisionUnit('bed-4'));
    const gone = closed(client);
    // What the CLI does: the row goes, this controller is not told.
    await controller.store.accounts.revoke('bed-3');
    await gone;
    expect(other.connected).toBe(true);
    await other.endAsync();
  });
});
