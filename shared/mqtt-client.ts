import type { Logger } from './log.js';
import type { IClientOptions, MqttClient, MqttConnect } from './mqtt.js';
import { type BackoffOptions, DEFAULT_BACKOFF, keepConnected } from './mqtt-reconnect.js';
import type { Random } from './random.js';

/** How long a broker keeps a persistent session on MQTT 5 (a unit away for a week still gets its commands). */
export const SESSION_EXPIRY_S = 7 * 24 * 3600;

/**
 * TLS towards the broker. The broker's certificate is always verified (never
 * `rejectUnauthorized: false`); `ca` adds a private CA, `cert`/`key` a client certificate.
 */
export interface BrokerTls {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  /** The name the certificate must carry, when it is not the URL's host. */
  servername?: string;
}

/** Where a client connects and as whom: the part of every config that names a broker. */
export interface BrokerLogin {
  url: string;
  username?: string;
  password?: string;
  /** 4 = MQTT 3.1.1 (works with every broker, the default); 5 adds session expiry and will delay. */
  protocol?: 4 | 5;
  tls?: BrokerTls;
}

export interface ClientSpec extends BrokerLogin {
  clientId: string;
  /**
   * A persistent session (clean: false): the broker keeps the subscriptions and queues QoS 1
   * messages while the client is away. Units and ingest use one; the control publisher does not.
   */
  persistent: boolean;
  will?: { topic: string; payload: Buffer; qos: 1; retain: boolean; delayS?: number };
  connectTimeoutMs?: number;
}

/** The connect options every Nocturne client uses, from one place. */
export function mqttConnectOptions(spec: ClientSpec): IClientOptions {
  const v5 = spec.protocol === 5;
  const secure = spec.tls !== undefined || /^(mqtts|wss):/i.test(spec.url);
  const { will } = spec;
  return {
    clientId: spec.clientId,
    protocolVersion: v5 ? 5 : 4,
    clean: !spec.persistent,
    username: spec.username,
    password: spec.password,
    connectTimeout: spec.connectTimeoutMs ?? 10_000,
    // We reconnect ourselves, with jitter (keepConnected); mqtt.js's fixed period would not.
    reconnectPeriod: 0,
    ...(v5 && spec.persistent ? { properties: { sessionExpiryInterval: SESSION_EXPIRY_S } } : {}),
    ...(will
      ? {
          will: {
            topic: will.topic,
            payload: will.payload,
            qos: will.qos,
            retain: will.retain,
            ...(v5 && will.delayS !== undefined ? { properties: { willDelayInterval: will.delayS } } : {}),
          },
        }
      : {}),
    ...(secure ? { rejectUnauthorized: true, ...spec.tls } : {}),
  };
}

export interface ManagedClientOptions extends ClientSpec {
  /** `mqtt.connect`, passed in by the composition root (STYLE.md "Compose once, at the edge"). */
  connect: MqttConnect;
  random: Random;
  log: Logger;
  backoff?: Partial<Pick<BackoffOptions, 'minMs' | 'maxMs'>>;
}

export interface ManagedClient {
  client: MqttClient;
  /** Stops reconnecting; then `client.endAsync()` closes it. */
  stopRetrying(): void;
}

/**
 * The only way in to an MQTT connection for the unit's link, ingest and the control publisher:
 * the connect options above, and a reconnect with exponential backoff and full jitter so that a
 * ward of units whose broker returns does not reconnect in lockstep.
 */
export function connectManaged(o: ManagedClientOptions): ManagedClient {
  const client = o.connect(o.url, mqttConnectOptions(o));
  const stopRetrying = keepConnected(client, {
    ...DEFAULT_BACKOFF,
    ...o.backoff,
    random: o.random,
    log: o.log,
  });
  return { client, stopRetrying };
}
