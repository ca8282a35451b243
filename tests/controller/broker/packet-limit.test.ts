import { connect } from 'node:net';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../../../controller/broker/embedded-broker.js';
import { MqttFrameScanner } from '../../../controller/broker/packet-limit.js';
import { MAX_PAYLOAD_BYTES } from '../../../shared/limits.js';
import { silentLogger } from '../../../shared/log.js';
import { unitTopic } from '../../../shared/topics.js';
import { waitFor } from '../../helpers/wait-for.js';

/** An MQTT remaining length, base-128 (MQTT 3.1.1 §2.2.3). */
function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}
const packet = (bodyLength: number) =>
  Buffer.from([0x30, ...varint(bodyLength), ...new Array(bodyLength).fill(0x61)]);

describe('MQTT frame scanner', () => {
  it('passes packets within the limit, however the bytes are split', () => {
    const scanner = new MqttFrameScanner(300);
    const stream = Buffer.concat([
      packet(0),
      packet(127),
      packet(128),
      packet(300),
      Buffer.from([0xc0, 0x00]),
    ]);
    for (const byte of stream) expect(scanner.scan(Buffer.from([byte]))).toBe(true);
  });

  it('refuses a packet that announces more than the limit, before its body arrives', () => {
    expect(new MqttFrameScanner(300).scan(Buffer.from([0x30, ...varint(301)]))).toBe(false);
    expect(
      new MqttFrameScanner(300).scan(Buffer.concat([packet(10), Buffer.from([0x10, ...varint(10_000_000)])])),
    ).toBe(false);
  });

  it('refuses a remaining length longer than four bytes', () => {
    expect(new MqttFrameScanner(2 ** 30).scan(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe(false);
  });
});

describe('embedded broker packet size limit', () => {
  let broker: EmbeddedBroker;
  const clients: mqtt.MqttClient[] = [];

  beforeAll(async () => {
    broker = new EmbeddedBroker({
      host: '127.0.0.1',
      port: 0,
      fallbackToFreePort: false,
      log: silentLogger(),
      authenticate: async (username) => (username === 'ctl' ? { role: 'controller' } : undefined),
    });
    await broker.start();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await broker.stop();
  });

  it('closes a connection whose first packet announces 10 MB, before any login', async () => {
    const socket = connect(broker.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
    socket.write(Buffer.from([0x10, ...varint(10_000_000)]));
    await closed;
  });

  it('delivers a payload within the limit and drops the client that sends one over it', async () => {
    const reader = await mqtt.connectAsync(broker.url, {
      username: 'ctl',
      password: 'x',
      reconnectPeriod: 0,
    });
    const writer = await mqtt.connectAsync(broker.url, {
      username: 'ctl',
      password: 'x',
      reconnectPeriod: 0,
    });
    clients.push(reader, writer);
    const sizes: number[] = [];
    reader.on('message', (_t, payload) => sizes.push(payload.length));
    const topic = unitTopic('bed-1', 'state');
    await reader.subscribeAsync(topic, { qos: 1 });
    await writer.publishAsync(topic, Buffer.alloc(MAX_PAYLOAD_BYTES, 0x61), { qos: 1 });
    await waitFor('the largest allowed payload', () => sizes.includes(MAX_PAYLOAD_BYTES));
    const dropped = new Promise<void>((resolve) => writer.once('close', () => resolve()));
    writer.on('error', () => {});
    writer.publish(topic, Buffer.alloc(MAX_PAYLOAD_BYTES + 2048, 0x62), { qos: 0 });
    await dropped;
    expect(sizes).toEqual([MAX_PAYLOAD_BYTES]);
  });
});
