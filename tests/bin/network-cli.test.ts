import type { ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { deviceConfigSchema } from '../../device/config/device-config.js';
import { mqttConnectOptions } from '../../shared/mqtt-client.js';
import { unitTopic, WHOLE_TREE } from '../../shared/topics.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { freePort } from '../helpers/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTestPki } from '../helpers/tls-certs.js';
import { waitFor } from '../helpers/wait-for.js';

describe('the command line refuses plain listeners on the network', () => {
  it('controller --broker-host beyond loopback without a certificate: exit 2, naming the flags', async () => {
    const run = await runCli(['controller', '--broker-host', '0.0.0.0', '--db', 'sqlite::memory:']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--tls-cert/);
    expect(run.stderr).toMatch(/--tls-key/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('controller --host beyond loopback without a certificate: exit 2 (HTTPS needed)', async () => {
    const run = await runCli(['controller', '--host', '0.0.0.0', '--db', 'sqlite::memory:']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/HTTPS.*--tls-cert FILE --tls-key FILE/);
  });

  it('broker-config --host beyond loopback without a certificate: exit 2', async () => {
    const dir = tempDir();
    const run = await runCli([
      'broker-config',
      '--out',
      dir.path,
      '--port',
      '8883',
      '--units',
      'bed-1',
      '--host',
      '0.0.0.0',
    ]);
    dir.remove();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--tls-cert/);
  });
});

describe('nocturne broker-config', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('writes a Mosquitto config with no anonymous access, hashed passwords, a %u ACL and TLS', async () => {
    const pki = makeTestPki(dir.path);
    const out = join(dir.path, 'broker');
    const port = await freePort();
    const run = await runCli([
      'broker-config',
      '--out',
      out,
      '--port',
      String(port),
      '--units',
      'bed-1,bed-2',
      '--integrators',
      'feed',
      '--tls-cert',
      pki.certFile,
      '--tls-key',
      pki.keyFile,
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      conf: join(out, 'mosquitto.conf'),
      credentials: join(out, 'credentials.json'),
    });
    const conf = readFileSync(join(out, 'mosquitto.conf'), 'utf8');
    expect(conf).toMatch(/^allow_anonymous false$/m);
    expect(conf).toMatch(new RegExp(`^listener ${port} 127.0.0.1$`, 'm'));
    expect(conf).toMatch(/^certfile .*server\.pem$/m);
    expect(conf).toMatch(/^persistence true$/m);
    const acl = readFileSync(join(out, 'acl'), 'utf8');
    expect(acl).toContain('%u');
    expect(acl).not.toContain('%c');
    const credentials = JSON.parse(readFileSync(join(out, 'credentials.json'), 'utf8'));
    expect(Object.keys(credentials.units)).toEqual(['bed-1', 'bed-2']);
    expect(credentials.units['bed-1'].username).toBe('bed-1');
    expect(statSync(join(out, 'credentials.json')).mode & 0o077).toBe(0);
    const passwords = readFileSync(join(out, 'passwords'), 'utf8');
    expect(passwords).toMatch(/^bed-1:\$7\$101\$[A-Za-z0-9+/=]{16}\$[A-Za-z0-9+/=]{88}$/m);
    expect(passwords).not.toContain(credentials.units['bed-1'].password);
  });
});

describe('nocturne add-unit', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const db = () => `sqlite:${join(dir.path, 'controller.db')}`;

  it('prints the broker part of unit.json, rotates on a second run, and revokes', async () => {
    const first = await runCli([
      'add-unit',
      'bed-7',
      '--db',
      db(),
      '--broker-url',
      'mqtts://ward.local:8883',
      '--ca',
      '/etc/nocturne/ca.pem',
    ]);
    expect(first.code).toBe(0);
    const snippet = JSON.parse(first.stdout);
    expect(snippet).toMatchObject({
      unit_id: 'bed-7',
      broker: { url: 'mqtts://ward.local:8883', username: 'bed-7', ca: '/etc/nocturne/ca.pem' },
    });
    // It drops into a unit config as it is.
    const ports = {
      pulse: { adapter: 'simulated' },
      light: { adapter: 'simulated' },
      remote: { adapter: 'simulated' },
    };
    expect(deviceConfigSchema.safeParse({ ...snippet, ports }).success).toBe(true);
    const second = await runCli(['add-unit', 'bed-7', '--db', db()]);
    expect(JSON.parse(second.stdout).broker.password).not.toBe(snippet.broker.password);
    const revoked = await runCli(['add-unit', 'bed-7', '--db', db(), '--revoke']);
    expect(JSON.parse(revoked.stdout)).toEqual({ unit_id: 'bed-7', revoked: true });
    const again = await runCli(['add-unit', 'bed-7', '--db', db(), '--revoke']);
    expect(again.code).toBe(2);
  });
});

describe('nocturne controller --broker-host with a certificate', () => {
  const dir = tempDir();
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    dir.remove();
  });

  it('opens MQTT over TLS, and a unit revoked with add-unit --revoke is disconnected', async () => {
    const pki = makeTestPki(dir.path);
    const db = `sqlite:${join(dir.path, 'nocturne.db')}`;
    const [httpPort, brokerPort, tlsPort] = [await freePort(), await freePort(), await freePort()];
    // A login made before the start, as an installer would.
    const issued = JSON.parse((await runCli(['add-unit', 'bed-1', '--db', db])).stdout);
    const feed = JSON.parse((await runCli(['add-integrator', 'ward-feed', '--db', db])).stdout);
    expect(feed.username).toBe('ward-feed@integrator');
    const started = spawnCli([
      'controller',
      '--db',
      db,
      '--port',
      String(httpPort),
      '--broker-port',
      String(brokerPort),
      '--broker-host',
      '127.0.0.1',
      '--broker-tls-port',
      String(tlsPort),
      '--tls-cert',
      pki.certFile,
      '--tls-key',
      pki.keyFile,
    ]);
    child = started;
    let stdout = '';
    started.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    await waitFor('the TLS line', () => stdout.includes('MQTT broker (TLS):'));
    const url = `mqtts://127.0.0.1:${tlsPort}`;
    expect(stdout).toContain(`MQTT broker (TLS): ${url}`);
    expect(stdout).toContain(`MQTT broker: mqtt://127.0.0.1:${brokerPort}`);

    const options = (ca: string) =>
      mqttConnectOptions({ url, ...issued.broker, clientId: 'bed-1', persistent: false, tls: { ca } });
    await expect(mqtt.connectAsync(url, options(pki.otherCa))).rejects.toThrow(
      /certificate|self.signed|verify/i,
    );
    const unit = await mqtt.connectAsync(url, options(pki.ca));
    // The integrator's login from add-integrator reads the unit's telemetry over TLS.
    const reader = await mqtt.connectAsync(
      url,
      mqttConnectOptions({ url, ...feed, clientId: 'feed', persistent: false, tls: { ca: pki.ca } }),
    );
    const got = new Promise<string>((resolve) => reader.once('message', (topic) => resolve(topic)));
    await reader.subscribeAsync(WHOLE_TREE, { qos: 1 });
    await unit.publishAsync(
      unitTopic('bed-1', 'status'),
      JSON.stringify({ v: 1, unit: 'bed-1', ts: 1, state: 'online' }),
      { qos: 1 },
    );
    expect(await got).toBe(unitTopic('bed-1', 'status'));
    await reader.endAsync();
    const closed = new Promise<void>((resolve) => unit.once('close', () => resolve()));
    expect((await runCli(['add-unit', 'bed-1', '--db', db, '--revoke'])).code).toBe(0);
    await closed;
    await expect(mqtt.connectAsync(url, options(pki.ca))).rejects.toThrow(/not authorized|bad user/i);
  });
});
