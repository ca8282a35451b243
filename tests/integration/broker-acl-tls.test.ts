import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { brokerAuthenticator } from '../../controller/broker/authenticate.js';
import { writeBrokerConfig } from '../../controller/broker/broker-config.js';
import { EmbeddedBroker } from '../../controller/broker/embedded-broker.js';
import { openStore, type Store } from '../../controller/store/open.js';
import { repositories } from '../../controller/store/repos.js';
import type { UnitView } from '../../shared/api.js';
import { silentLogger } from '../../shared/log.js';
import { mqttConnectOptions } from '../../shared/mqtt-client.js';
import { unitTopic } from '../../shared/topics.js';
import { type AclBroker, runAclContract } from '../helpers/acl-contract.js';
import { getJson, startTestController } from '../helpers/controller.js';
import { freePort } from '../helpers/free-port.js';
import { MosquittoFromConfig } from '../helpers/mosquitto-from-config.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTestPki, type TestPki } from '../helpers/tls-certs.js';
import { waitFor } from '../helpers/wait-for.js';

describe('embedded broker over TLS: logins and ACL', () => {
  const dir = tempDir();
  let store: Store;
  let broker: EmbeddedBroker;
  let setup: AclBroker;

  beforeAll(async () => {
    const pki = makeTestPki(dir.path);
    store = await openStore(`sqlite:${join(dir.path, 'acl.db')}`);
    const { accounts } = repositories(store);
    const controller = { username: 'controller@nocturne', password: 'controller-secret' };
    broker = new EmbeddedBroker({
      host: '127.0.0.1',
      port: 0,
      fallbackToFreePort: false,
      log: silentLogger(),
      tls: { host: '127.0.0.1', port: 0, cert: pki.cert, key: pki.key },
      authenticate: brokerAuthenticator({ accounts, controller, anonymousRead: false }),
    });
    await broker.start();
    const issue = async (username: string, role: 'unit' | 'integrator') => ({
      username,
      password: await accounts.issue(username, role, 1),
    });
    setup = {
      url: broker.tlsUrl as string,
      ca: pki.ca,
      otherCa: pki.otherCa,
      controller,
      unitA: await issue('bed-a', 'unit'),
      unitB: await issue('bed-b', 'unit'),
      integrator: await issue('ward-feed', 'integrator'),
    };
  });
  afterAll(async () => {
    await broker.stop();
    await store.close();
    dir.remove();
  });

  runAclContract(() => setup);
});

describe('Mosquitto 2 with the config nocturne broker-config writes, over TLS', () => {
  const dir = tempDir();
  let mosquitto: MosquittoFromConfig;
  let pki: TestPki;
  let setup: AclBroker;

  beforeAll(async () => {
    // Mosquitto drops to its own user, which must reach the files under the test's folder.
    chmodSync(dir.path, 0o755);
    pki = makeTestPki(dir.path);
    const port = await freePort();
    const out = join(dir.path, 'broker');
    const credentials = writeBrokerConfig({
      out,
      host: '127.0.0.1',
      port,
      units: ['bed-a', 'bed-b'],
      integrators: ['ward-feed'],
      tls: { certFile: pki.certFile, keyFile: pki.keyFile },
    });
    mosquitto = await MosquittoFromConfig.start(join(out, 'mosquitto.conf'), port);
    setup = {
      url: `mqtts://127.0.0.1:${port}`,
      ca: pki.ca,
      otherCa: pki.otherCa,
      controller: credentials.controller,
      unitA: credentials.units['bed-a'] as AclBroker['unitA'],
      unitB: credentials.units['bed-b'] as AclBroker['unitB'],
      integrator: credentials.integrators['ward-feed'] as AclBroker['integrator'],
    };
  });
  afterAll(async () => {
    await mosquitto?.stop();
    dir.remove();
  });

  runAclContract(() => setup);

  it("ingests over TLS with the controller's credentials from credentials.json", async () => {
    const controller = await startTestController(dir.path, {
      kind: 'external',
      url: setup.url,
      ...setup.controller,
      tls: { ca: pki.ca },
    });
    try {
      const unit = await mqtt.connectAsync(
        setup.url,
        mqttConnectOptions({
          url: setup.url,
          ...setup.unitA,
          clientId: 'bed-a',
          persistent: false,
          tls: { ca: pki.ca },
        }),
      );
      const status = { v: 1, unit: 'bed-a', ts: Date.now(), state: 'online' };
      await unit.publishAsync(unitTopic('bed-a', 'status'), JSON.stringify(status), { qos: 1, retain: true });
      await waitFor('bed-a online', async () =>
        (await getJson<UnitView[]>(controller, '/api/units')).some((u) => u.id === 'bed-a' && u.online),
      );
      await unit.endAsync();
    } finally {
      await controller.stop();
    }
  });
});
