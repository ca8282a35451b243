import { describe, expect, it } from 'vitest';
import { mqttConnectOptions, SESSION_EXPIRY_S } from '../../shared/mqtt-client.js';

const base = { url: 'mqtt://127.0.0.1:1883', clientId: 'nocturne-unit-bed-1' };
const will = {
  topic: 'nocturne/v1/bed-1/status',
  payload: Buffer.from('{}'),
  qos: 1 as const,
  retain: true,
  delayS: 30,
};

describe('mqttConnectOptions: one set of connect options for every client', () => {
  it('a persistent MQTT 3.1.1 client: clean false, no MQTT 5 properties, our own reconnect', () => {
    const o = mqttConnectOptions({ ...base, persistent: true, will });
    expect(o).toMatchObject({
      protocolVersion: 4,
      clean: false,
      reconnectPeriod: 0,
      clientId: base.clientId,
    });
    expect(o.properties).toBeUndefined();
    expect(o.will?.properties).toBeUndefined();
    expect(o.will).toMatchObject({ topic: will.topic, qos: 1, retain: true });
  });

  it('MQTT 5 adds session expiry to a persistent session and the will delay', () => {
    const o = mqttConnectOptions({ ...base, protocol: 5, persistent: true, will });
    expect(o.protocolVersion).toBe(5);
    expect(o.properties).toEqual({ sessionExpiryInterval: SESSION_EXPIRY_S });
    expect(o.will?.properties).toEqual({ willDelayInterval: 30 });
    expect(mqttConnectOptions({ ...base, protocol: 5, persistent: false }).properties).toBeUndefined();
  });

  it('a non-persistent client starts clean', () => {
    expect(mqttConnectOptions({ ...base, persistent: false }).clean).toBe(true);
  });

  it('TLS always verifies the broker certificate, with a private CA when given', () => {
    const tls = mqttConnectOptions({
      ...base,
      url: 'mqtts://ward:8883',
      persistent: true,
      tls: { ca: 'PEM' },
    });
    expect(tls).toMatchObject({ rejectUnauthorized: true, ca: 'PEM' });
    expect(
      mqttConnectOptions({ ...base, url: 'mqtts://ward:8883', persistent: true }).rejectUnauthorized,
    ).toBe(true);
    expect(mqttConnectOptions({ ...base, persistent: true }).rejectUnauthorized).toBeUndefined();
  });
});
