import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningController } from '../../../controller/main.js';
import { brokerLoginFromConfig } from '../../../device/config/broker-login.js';
import { deviceConfigSchema } from '../../../device/config/device-config.js';
import { brokerCheck } from '../../../device/doctor/service-checks.js';
import { startUnit } from '../../../device/main.js';
import type { UnitView } from '../../../shared/api.js';
import { silentLogger } from '../../../shared/log.js';
import { getJson, startTestController } from '../../helpers/controller.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { makeTestPki, type TestPki } from '../../helpers/tls-certs.js';
import { waitFor } from '../../helpers/wait-for.js';

const config = (broker: object) =>
  deviceConfigSchema.parse({
    unit_id: 'bed-1',
    broker,
    ports: {
      pulse: { adapter: 'simulated' },
      light: { adapter: 'simulated' },
      remote: { adapter: 'simulated' },
    },
  });

describe("the unit's broker login from its config", () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('reads the password from password_file (first line) or the environment, never both from the config', () => {
    const file = join(dir.path, 'password');
    writeFileSync(file, 's3cret\nignored\n');
    const fromFile = brokerLoginFromConfig(
      config({ url: 'mqtt://h:1', username: 'bed-1', password_file: file }).broker,
      {},
    );
    expect(fromFile.password).toBe('s3cret');
    const fromEnv = brokerLoginFromConfig(config({ url: 'mqtt://h:1', username: 'bed-1' }).broker, {
      NOCTURNE_BROKER_PASSWORD: 'from-env',
    });
    expect(fromEnv.password).toBe('from-env');
    expect(() => config({ url: 'mqtt://h:1', password: 'a', password_file: file })).toThrow(/password_file/);
    expect(() =>
      brokerLoginFromConfig(config({ url: 'mqtt://h:1', password_file: join(dir.path, 'none') }).broker, {}),
    ).toThrow(/broker.password_file/);
  });

  it('verifies an mqtts broker, with the private CA of broker.ca when given', () => {
    const ca = join(dir.path, 'ca.pem');
    writeFileSync(ca, 'PEM');
    expect(brokerLoginFromConfig(config({ url: 'mqtts://h:8883', ca }).broker, {}).tls).toEqual({
      ca: 'PEM',
    });
    expect(brokerLoginFromConfig(config({ url: 'mqtts://h:8883' }).broker, {}).tls).toEqual({
      ca: undefined,
    });
    expect(brokerLoginFromConfig(config({ url: 'mqtt://h:1883' }).broker, {}).tls).toBeUndefined();
    expect(() => config({ url: 'mqtts://h:8883', reject_unauthorized: false })).toThrow();
  });
});

describe('a unit on the embedded broker over TLS', () => {
  const dir = tempDir();
  let pki: TestPki;
  let controller: RunningController;
  let login: { username: string; password: string };

  beforeAll(async () => {
    pki = makeTestPki(dir.path);
    controller = await startTestController(dir.path, {
      kind: 'embedded',
      host: '127.0.0.1',
      port: 0,
      fallbackToFreePort: false,
      anonymousRead: false,
      tls: { host: '127.0.0.1', port: 0, cert: pki.cert, key: pki.key },
    });
    login = await controller.provisionUnit('bed-1');
    writeFileSync(join(dir.path, 'password'), `${login.password}\n`);
  });
  afterAll(async () => {
    await controller.stop();
    dir.remove();
  });

  const unitConfig = (ca: string) =>
    config({
      url: controller.brokerTlsUrl,
      username: 'bed-1',
      password_file: join(dir.path, 'password'),
      ca,
    });

  it('connects with the CA of its config and reaches ingest', async () => {
    const broker = brokerLoginFromConfig(unitConfig(pki.caFile).broker, {});
    const unit = await startUnit({
      id: 'bed-1',
      brokerUrl: broker.url,
      username: broker.username,
      password: broker.password,
      tls: broker.tls,
      speed: 1,
      stateDir: join(dir.path, 'unit'),
      profile: 'typical',
      log: silentLogger(),
    });
    try {
      await waitFor('bed-1 online over TLS', async () =>
        (await getJson<UnitView[]>(controller, '/api/units')).some((u) => u.id === 'bed-1' && u.online),
      );
    } finally {
      await unit.stop();
    }
  });

  it('refuses a broker its CA did not sign (doctor says so)', async () => {
    expect(await brokerCheck(unitConfig(pki.caFile), mqtt.connect)).toMatchObject({ ok: true });
    expect(await brokerCheck(unitConfig(pki.otherCaFile), mqtt.connect)).toMatchObject({ ok: false });
  });
});
