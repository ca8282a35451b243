import mqtt from 'mqtt';
import { afterAll, expect, it } from 'vitest';
import { mqttConnectOptions } from '../../shared/mqtt-client.js';
import { unitInboundFilters, unitTopic, WHOLE_TREE } from '../../shared/topics.js';
import { waitFor } from './wait-for.js';

export interface Login {
  username: string;
  password: string;
}

/** A broker over TLS with the accounts of DESIGN.md's ACL: two units, an integrator, the controller. */
export interface AclBroker {
  url: string;
  /** The CA that signed the broker's certificate, and one that did not. */
  ca: string;
  otherCa: string;
  controller: Login;
  /** Units `bed-a` and `bed-b`: their username is their unit id. */
  unitA: Login;
  unitB: Login;
  integrator: Login;
}

interface Seen {
  client: mqtt.MqttClient;
  messages: { topic: string; payload: string }[];
}

let serial = 0;

/**
 * The access rules of DESIGN.md "MQTT", the same on every broker we ship a config for: a unit
 * publishes only under its own prefix and reads only its own schedule and commands; an integrator
 * reads telemetry and writes nothing; anonymous clients and wrong passwords get nothing; a client
 * that does not trust the broker's CA refuses it. The allowed paths are checked too, so a broker
 * that refuses everything fails.
 */
export function runAclContract(setup: () => AclBroker): void {
  const open: mqtt.MqttClient[] = [];
  afterAll(async () => {
    await Promise.all(open.map((c) => c.endAsync(true)));
  });

  const options = (login: Partial<Login>, ca: string) =>
    mqttConnectOptions({
      url: setup().url,
      ...login,
      clientId: `acl-${process.pid}-${++serial}`,
      persistent: false,
      connectTimeoutMs: 5000,
      tls: { ca },
    });

  async function connect(login: Login): Promise<Seen> {
    const client = await mqtt.connectAsync(setup().url, options(login, setup().ca));
    open.push(client);
    const seen: Seen = { client, messages: [] };
    client.on('message', (topic, payload) => seen.messages.push({ topic, payload: payload.toString() }));
    return seen;
  }

  /** Tries a publish on a connection of its own (a broker may drop it for the attempt). */
  async function attempt(login: Login, topic: string, payload: string): Promise<void> {
    const client = await mqtt.connectAsync(setup().url, options(login, setup().ca));
    client.on('error', () => {});
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await Promise.race([client.publishAsync(topic, payload, { qos: 1 }).catch(() => {}), closed]);
    await client.endAsync(true);
  }

  /** A message from the controller that `seen` gets: whatever was forwarded before it has arrived. */
  async function barrier(seen: Seen, topic: string): Promise<void> {
    const marker = `marker-${++serial}`;
    const controller = await connect(setup().controller);
    await controller.client.publishAsync(topic, marker, { qos: 1 });
    await waitFor(`the marker on ${topic}`, () => seen.messages.some((m) => m.payload === marker));
    await controller.client.endAsync();
  }

  const refuses = async (login: Partial<Login>, ca: string, pattern: RegExp) => {
    await expect(mqtt.connectAsync(setup().url, options(login, ca))).rejects.toThrow(pattern);
  };

  it('refuses a wrong password, an unknown user and anonymous clients', async () => {
    const { unitA } = setup();
    await refuses({ ...unitA, password: `${unitA.password}x` }, setup().ca, /not authorized|bad user/i);
    await refuses({ username: 'bed-z', password: 'guess' }, setup().ca, /not authorized|bad user/i);
    await refuses({}, setup().ca, /not authorized|bad user/i);
  });

  it('is refused by a unit that does not trust the CA that signed the broker', async () => {
    await refuses(setup().unitA, setup().otherCa, /certificate|self.signed|unable to verify/i);
  });

  it('lets a unit publish its own telemetry, read by the controller and integrators', async () => {
    const { controller, integrator, unitA } = setup();
    const ctl = await connect(controller);
    const feed = await connect(integrator);
    await ctl.client.subscribeAsync(WHOLE_TREE, { qos: 1 });
    await feed.client.subscribeAsync(WHOLE_TREE, { qos: 1 });
    const unit = await connect(unitA);
    await unit.client.publishAsync(unitTopic('bed-a', 'status'), 'own-status', { qos: 1 });
    await unit.client.publishAsync(unitTopic('bed-a', 'cmd/start/ack'), 'own-ack', { qos: 1 });
    await waitFor('the controller reads bed-a', () => ctl.messages.some((m) => m.payload === 'own-ack'));
    await waitFor('the integrator reads bed-a', () => feed.messages.some((m) => m.payload === 'own-ack'));
    expect(feed.messages.map((m) => m.payload)).toEqual(['own-status', 'own-ack']);
  });

  it('delivers a unit its own schedule and commands', async () => {
    const unit = await connect(setup().unitA);
    for (const filter of unitInboundFilters('bed-a')) await unit.client.subscribeAsync(filter, { qos: 1 });
    const ctl = await connect(setup().controller);
    await ctl.client.publishAsync(unitTopic('bed-a', 'schedule'), 'own-schedule', { qos: 1 });
    await barrier(unit, unitTopic('bed-a', 'cmd/start'));
    expect(unit.messages.map((m) => m.topic)).toEqual([
      unitTopic('bed-a', 'schedule'),
      unitTopic('bed-a', 'cmd/start'),
    ]);
  });

  it('lets unit A publish neither as unit B nor to its own command or schedule topics', async () => {
    const ctl = await connect(setup().controller);
    await ctl.client.subscribeAsync(WHOLE_TREE, { qos: 1 });
    const { unitA } = setup();
    await attempt(unitA, unitTopic('bed-b', 'status'), 'forbidden-as-b');
    await attempt(unitA, unitTopic('bed-b', 'session/event'), 'forbidden-b-event');
    await attempt(unitA, unitTopic('bed-a', 'cmd/start'), 'forbidden-own-cmd');
    await attempt(unitA, unitTopic('bed-b', 'cmd/stop'), 'forbidden-b-cmd');
    await attempt(unitA, unitTopic('bed-a', 'schedule'), 'forbidden-own-schedule');
    await barrier(ctl, unitTopic('bed-a', 'state'));
    expect(ctl.messages.filter((m) => m.payload.startsWith('forbidden'))).toEqual([]);
  });

  it("lets unit A read none of unit B's topics or commands, whatever it subscribes to", async () => {
    const snoop = await connect(setup().unitA);
    const filters = [...unitInboundFilters('bed-b'), unitTopic('bed-b', 'status'), WHOLE_TREE, '#'];
    for (const filter of filters) await snoop.client.subscribeAsync(filter, { qos: 1 }).catch(() => {});
    await snoop.client.subscribeAsync(unitInboundFilters('bed-a')[1] as string, { qos: 1 });
    const b = await connect(setup().unitB);
    await b.client.publishAsync(unitTopic('bed-b', 'status'), 'b-status', { qos: 1 });
    const ctl = await connect(setup().controller);
    await ctl.client.publishAsync(unitTopic('bed-b', 'cmd/start'), 'b-cmd', { qos: 1 });
    await ctl.client.publishAsync(unitTopic('bed-b', 'schedule'), 'b-schedule', { qos: 1 });
    await barrier(snoop, unitTopic('bed-a', 'cmd/stop'));
    expect(snoop.messages.map((m) => m.topic)).toEqual([unitTopic('bed-a', 'cmd/stop')]);
  });

  it('lets an integrator publish nothing, and read no commands or schedules', async () => {
    const ctl = await connect(setup().controller);
    await ctl.client.subscribeAsync(WHOLE_TREE, { qos: 1 });
    const feed = await connect(setup().integrator);
    await feed.client.subscribeAsync(WHOLE_TREE, { qos: 1 });
    const { integrator } = setup();
    await attempt(integrator, unitTopic('bed-a', 'cmd/start'), 'forbidden-integrator-cmd');
    await attempt(integrator, unitTopic('bed-a', 'status'), 'forbidden-integrator-status');
    await attempt(integrator, unitTopic('bed-b', 'schedule'), 'forbidden-integrator-schedule');
    await ctl.client.publishAsync(unitTopic('bed-b', 'cmd/stop'), 'a-command', { qos: 1 });
    await barrier(ctl, unitTopic('bed-a', 'state'));
    await barrier(feed, unitTopic('bed-a', 'state'));
    expect(ctl.messages.filter((m) => m.payload.startsWith('forbidden'))).toEqual([]);
    expect(
      feed.messages.map((m) => m.topic).filter((t) => t.includes('/cmd/') || t.endsWith('/schedule')),
    ).toEqual([]);
  });
}
